"""The demo organisations' words: one group per area and the ward-wide ones."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class OrgText:
    key: str  # also used for the e-mail address at example.jp
    name: str
    kana: str
    description: str
    area_code: str | None = None  # None: works across the ward


# One general-purpose group per area (the area's 町会 is generated from its office town).
AREA_GROUPS: dict[str, OrgText] = {
    "01": OrgText(
        "hidamari",
        "NPO法人ひだまりの家（架空）",
        "ひだまりのいえ",
        "大森東地区で、居場所づくりと子育て支援に取り組むNPO法人です。",
    ),
    "02": OrgText(
        "omorinishi-fureai",
        "大森西ふれあいの会（架空）",
        "おおもりにしふれあいのかい",
        "大森西の住民有志でつくる会です。サロンや食事会を開いています。",
    ),
    "03": OrgText(
        "iriarai-machi",
        "入新井まちづくりの会（架空）",
        "いりあらいまちづくりのかい",
        "商店街と住民が一緒に、まちの居場所と見守りを続けている会です。",
    ),
    "04": OrgText(
        "magome-sasaeai",
        "馬込ささえあいネット（架空）",
        "まごめささえあいねっと",
        "馬込地区の支えあい活動をつなぐ住民グループです。",
    ),
    "05": OrgText(
        "ikegami-hot",
        "NPO法人池上ほっとステーション（架空）",
        "いけがみほっとすてーしょん",
        "池上の門前町で、多世代の居場所と食事会を運営しています。",
    ),
    "06": OrgText(
        "araijuku-fukushi",
        "新井宿地域福祉の会（架空）",
        "あらいじゅくちいきふくしのかい",
        "民生委員OBと地域の有志が立ち上げた福祉活動の会です。",
    ),
    "07": OrgText(
        "minemachi-tasukeai",
        "嶺町たすけあいの会（架空）",
        "みねまちたすけあいのかい",
        "嶺町地区で買い物の付き添いやサロンを行う助けあいグループです。",
    ),
    "08": OrgText(
        "denen-wa",
        "NPO法人田園調布地域の輪（架空）",
        "でんえんちょうふちいきのわ",
        "田園調布地区で、高齢の方とこどもの居場所をつくっているNPO法人です。",
    ),
    "09": OrgText(
        "unoki-kusunoki",
        "鵜の木ボランティアグループくすのき（架空）",
        "うのきぼらんてぃあぐるーぷくすのき",
        "鵜の木・下丸子周辺で活動するボランティアグループです。",
    ),
    "10": OrgText(
        "kugahara-hiroba",
        "NPO法人久が原ひろば（架空）",
        "くがはらひろば",
        "久が原地区で、子育てひろばと学習支援を運営しているNPO法人です。",
    ),
    "11": OrgText(
        "yukigaya-fureai",
        "雪谷ふれあいネット（架空）",
        "ゆきがやふれあいねっと",
        "雪谷地区の町会・自治会と住民有志による、ゆるやかなネットワークです。",
    ),
    "12": OrgText(
        "senzoku-net",
        "千束地域活動ネットワーク（架空）",
        "せんぞくちいきかつどうねっとわーく",
        "洗足池周辺で、サロンや清掃活動を続けている住民の集まりです。",
    ),
    "13": OrgText(
        "rokugo-kodomo",
        "NPO法人六郷こども・地域支援センター（架空）",
        "ろくごうこども・ちいきしえんせんたー",
        "六郷地区で、こどもの学習支援と子ども食堂を行っているNPO法人です。",
    ),
    "14": OrgText(
        "yaguchi-otagaisama",
        "矢口おたがいさまの会（架空）",
        "やぐちおたがいさまのかい",
        "矢口地区の「おたがいさま」の気持ちで始まった住民の会です。",
    ),
    "15": OrgText(
        "kamata-minna",
        "NPO法人かまたみんなの家（架空）",
        "かまたみんなのいえ",
        "蒲田駅の西側で、だれでも立ち寄れる居場所を運営しているNPO法人です。",
    ),
    "16": OrgText(
        "kamatahigashi-koryu",
        "蒲田東地域交流の会（架空）",
        "かまたひがしちいきこうりゅうのかい",
        "蒲田東地区で、多世代・多文化の交流会を開いている会です。",
    ),
    "17": OrgText(
        "kojiya-club",
        "糀谷ささえあいクラブ（架空）",
        "こうじやささえあいくらぶ",
        "糀谷地区の商店会と住民でつくる、ささえあいのクラブです。",
    ),
    "18": OrgText(
        "haneda-umikaze",
        "NPO法人羽田海風の会（架空）",
        "はねだうみかぜのかい",
        "羽田地区で、高齢の方の見守りと子ども食堂を続けているNPO法人です。",
    ),
}

WARD_ORGS: dict[str, OrgText] = {
    "food": OrgText(
        "food-net",
        "おおたフードつながりネット（架空）",
        "おおたふーどつながりねっと",
        "区内の子ども食堂・フードパントリーをつなぎ、寄付食品の配分をしているネットワークです。",
    ),
    "volunteer": OrgText(
        "volunteer-ouen",
        "おおたボランティア応援センター（架空）",
        "おおたぼらんてぃあおうえんせんたー",
        "ボランティアをしたい人と、手伝ってほしい団体をつなぐ窓口です。",
    ),
    "multicultural": OrgText(
        "tabunka",
        "おおた多文化共生の会（架空）",
        "おおたたぶんかきょうせいのかい",
        "外国にルーツのある住民と日本の住民が、ともに暮らしやすいまちをめざす会です。",
    ),
    "support": OrgText(
        "soudan",
        "NPO法人おおた女性・家族相談室（架空）",
        "おおたじょせい・かぞくそうだんしつ",
        "女性やひとり親家庭の相談と、安心して話せる場づくりをしているNPO法人です。",
    ),
}
