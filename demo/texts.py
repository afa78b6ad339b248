"""The words of the demo dataset: organisations, listing templates, venues and nicknames.

Everything here is fictional. Templates are combined with the 18 areas in ``builder.py``; the
placeholders are ``{area}``/``{area_kana}`` (the area's name), ``{town}``/``{town_kana}`` (the
town of the area's branch office) and ``{nick}``/``{nick_kana}`` (a nickname such as ひまわり).
Texts follow the ward newsletter's pattern: 日時・会場・対象・定員・費用・申込方法・問合せ先.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# --- schedule patterns ------------------------------------------------------------------------
# A rule is a plain dict of ScheduleRule fields (times as "HH:MM"). A ONCE rule has "offset":
# (min, max) days after today instead of a date, and may carry a "label" for the description.


def weekly(days, start, end, holidays=False, new_year=True) -> dict:
    return {
        "frequency": "weekly",
        "weekdays": list(days),
        "start": start,
        "end": end,
        "closed_on_holidays": holidays,
        "closed_over_new_year": new_year,
    }


def nth(days, positions, start, end, holidays=False, new_year=True) -> dict:
    return {
        "frequency": "monthly_nth",
        "weekdays": list(days),
        "week_positions": list(positions),
        "start": start,
        "end": end,
        "closed_on_holidays": holidays,
        "closed_over_new_year": new_year,
    }


def monthday(day, start, end, holidays=False, new_year=True) -> dict:
    return {
        "frequency": "monthly_day",
        "month_day": day,
        "start": start,
        "end": end,
        "closed_on_holidays": holidays,
        "closed_over_new_year": new_year,
    }


def once(offset, start, end, label="") -> dict:
    return {"frequency": "once", "offset": offset, "start": start, "end": end, "label": label}


MON, TUE, WED, THU, FRI, SAT, SUN = range(7)
LAST = -1


# --- vocabulary of places ---------------------------------------------------------------------

# Generic venue names (no real facility is named) and the accessibility each kind of venue has.
VENUES: dict[str, tuple[str, tuple[str, ...]]] = {
    "chokai": ("{town}{chome_kanji}丁目町会会館 2階和室", ("chairs",)),
    "chokai1": ("{town}{chome_kanji}丁目町会会館 1階集会室", ("step-free", "chairs")),
    "shukaijo": ("地区集会所 1階集会室", ("wheelchair", "step-free", "chairs")),
    "center": (
        "区民センター 2階 第1集会室",
        ("wheelchair", "step-free", "elevator", "accessible-toilet", "chairs"),
    ),
    "church": ("教会の集会室（1階）", ("step-free", "chairs")),
    "temple": ("お寺の会館 1階広間", ("chairs",)),
    "shop": ("商店街の空き店舗を改装したスペース", ("step-free",)),
    "cafe": ("地域のカフェ（貸切営業）", ("step-free", "chairs")),
    "care": (
        "高齢者施設の地域交流スペース",
        ("wheelchair", "step-free", "accessible-toilet", "chairs", "assistance-dog"),
    ),
    "mansion": ("マンション集会室（1階）", ("step-free",)),
    "park": ("公園内の管理棟 集会室", ("step-free", "accessible-toilet")),
    "kitchen": ("調理室のある地区集会所", ("step-free", "chairs")),
    "school": ("小学校の多目的室（休日開放）", ("wheelchair", "step-free", "accessible-toilet")),
}
HOME_VENUE = "代表者の自宅（場所は申込時にお知らせします）"
HIDDEN_VENUE = "区内の施設（場所は申込後に個別にお知らせします）"

NICKNAMES: list[tuple[str, str]] = [
    ("ひまわり", "ひまわり"),
    ("たんぽぽ", "たんぽぽ"),
    ("すみれ", "すみれ"),
    ("さくら", "さくら"),
    ("あおぞら", "あおぞら"),
    ("にじいろ", "にじいろ"),
    ("こすもす", "こすもす"),
    ("どんぐり", "どんぐり"),
    ("おひさま", "おひさま"),
    ("わかば", "わかば"),
    ("つくし", "つくし"),
    ("もみじ", "もみじ"),
    ("すずらん", "すずらん"),
    ("なのはな", "なのはな"),
    ("れんげ", "れんげ"),
    ("ひなた", "ひなた"),
    ("そよかぜ", "そよかぜ"),
    ("あさがお", "あさがお"),
    ("かもめ", "かもめ"),
    ("みかん", "みかん"),
    ("くすのき", "くすのき"),
    ("ふたば", "ふたば"),
    ("やまびこ", "やまびこ"),
    ("陽だまり", "ひだまり"),
    ("虹の橋", "にじのはし"),
    ("木もれび", "こもれび"),
    ("結", "ゆい"),
    ("ぽかぽか", "ぽかぽか"),
]

# Readings of the towns where the 18 branch offices stand (the 町会 of each area is named after it).
TOWN_KANA = {
    "大森南": "おおもりみなみ",
    "大森西": "おおもりにし",
    "大森北": "おおもりきた",
    "中馬込": "なかまごめ",
    "池上": "いけがみ",
    "中央": "ちゅうおう",
    "田園調布本町": "でんえんちょうふほんちょう",
    "田園調布": "でんえんちょうふ",
    "南久が原": "みなみくがはら",
    "久が原": "くがはら",
    "東雪谷": "ひがしゆきがや",
    "北千束": "きたせんぞく",
    "仲六郷": "なかろくごう",
    "矢口": "やぐち",
    "西蒲田": "にしかまた",
    "蒲田本町": "かまたほんちょう",
    "西糀谷": "にしこうじや",
    "羽田": "はねだ",
}
CHOME_KANJI = {1: "一", 2: "二", 3: "三", 4: "四", 5: "五", 6: "六", 7: "七", 8: "八", 9: "九"}
CHOME_KANA = {
    1: "いっちょうめ",
    2: "にちょうめ",
    3: "さんちょうめ",
    4: "よんちょうめ",
    5: "ごちょうめ",
    6: "ろくちょうめ",
    7: "ななちょうめ",
    8: "はっちょうめ",
    9: "きゅうちょうめ",
}

CONFIRMED_BY = [
    "団体代表（電話で確認）",
    "団体代表（電話で確認）",
    "事務局（メールで確認）",
    "地域福祉コーディネーター（訪問で確認）",
    "運営スタッフ（窓口で確認）",
    "団体代表（確認票の返送）",
]

DECEMBER_ALERT = "12月は第4週休みです"
# (お知らせ, what the listing must have for it to fit): see builder.pick_alert.
ACTIVE_ALERTS = [
    (DECEMBER_ALERT, "fourth_week"),
    ("8月はお休みです", "recurring"),
    ("会場が2階の和室に変わりました", "venue"),
    ("新しいボランティアを募集しています", "not_volunteer"),
    ("年末年始（12/29〜1/3）はお休みです", "new_year"),
    ("今年度から参加費が変わりました", "paid"),
]
PAUSED_ALERTS = [
    "会場の改修工事のため、当面休止しています",
    "代表者の体調不良のため休止中です。再開はこのページでお知らせします",
    "担い手不足のため休止中です。手伝ってくださる方を募集しています",
    "会場が決まるまで休止しています",
    "しばらく休止します。再開日が決まりしだいお知らせします",
]
ENDED_ALERTS = [
    "活動を終了しました。長い間ありがとうございました",
    "今年3月で活動を終了しました",
    "近くの団体の活動に引き継ぎ、終了しました",
]
EXCEPTION_NOTES = [
    "会場の都合により休みです",
    "地域の行事のため休みです",
    "会場の点検のため休みです",
    "運営スタッフの研修のため休みです",
]
CHANGE_NOTES = [
    "この日は会場が1階の集会室に変わります",
    "この日は開始時刻を30分遅らせます",
]


# --- organisations ----------------------------------------------------------------------------


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


# --- listing templates ------------------------------------------------------------------------


@dataclass(frozen=True)
class Template:
    key: str
    kind: str  # a Kind value
    name: str
    kana: str
    summary: str
    detail: str
    categories: tuple[str, ...]
    audiences: tuple[str, ...]
    schedules: tuple[tuple[dict, ...], ...]  # options; each option is one or more rules
    costs: tuple[str | None, ...]  # None: free
    capacities: tuple[int | None, ...]
    applies: tuple[tuple[str, bool], ...]  # (how_to_apply, booking_required)
    venues: tuple[str, ...]
    org: str  # "chokai", "group" or a WARD_ORGS key
    easy: str = ""
    languages: tuple[str, ...] = ("ja",)
    tour: bool = False
    companion: bool = False
    newcomer: bool = True
    home_ok: bool = False  # may be held at someone's home (then shown only to area level)
    privacy: str = "exact"
    food: dict = field(default_factory=dict)
    volunteer: dict = field(default_factory=dict)


PLACE_TEMPLATES = [
    Template(
        key="engawa",
        kind="place",
        name="まちの縁側 {nick}",
        kana="まちのえんがわ {nick_kana}",
        summary="ふらっと立ち寄って、お茶を飲みながらおしゃべりできる地域の居場所です。年齢を問わず、どなたでも歓迎します。",
        detail="新聞や本を読んだり、囲碁盤で遊んだり、過ごし方は自由です。困りごとがあれば、スタッフが相談先をご案内します。",
        categories=("chat", "listening"),
        audiences=("anyone", "older-people", "living-alone"),
        schedules=(
            (weekly([TUE, FRI], "10:00", "15:00"),),
            (weekly([WED], "13:00", "16:00", holidays=True),),
            (weekly([MON, THU], "10:00", "14:00"),),
        ),
        costs=("1回100円（お茶代）", None),
        capacities=(None,),
        applies=(("申込不要。開いている時間に、いつでもお越しください。", False),),
        venues=("shop", "chokai1", "cafe"),
        org="group",
        easy="だれでも 来(き)て、お茶(ちゃ)を 飲(の)みながら 話(はな)せる 場所(ばしょ)です。",
        tour=True,
        companion=True,
        home_ok=True,
    ),
    Template(
        key="houkago",
        kind="place",
        name="放課後の居場所 {nick}",
        kana="ほうかごのいばしょ {nick_kana}",
        summary="小学生・中学生が放課後に宿題をしたり遊んだりできる居場所です。大学生ボランティアが勉強も見ます。",
        detail="おやつの時間があります。アレルギーのあるお子さんは、初回にお知らせください。",
        categories=("study", "chat"),
        audiences=("children",),
        schedules=(
            (weekly([MON, THU], "15:30", "18:30", holidays=True),),
            (weekly([TUE, FRI], "15:00", "18:00", holidays=True),),
        ),
        costs=(None,),
        capacities=(15, 20),
        applies=(("初回のみ、保護者の方が電話でご連絡ください。", True),),
        venues=("shukaijo", "church", "center"),
        org="group",
        easy="小学生(しょうがくせい)と 中学生(ちゅうがくせい)が 勉強(べんきょう)したり あそんだり できます。お金(かね)は いりません。",
        companion=True,
    ),
    Template(
        key="wakamono",
        kind="place",
        name="若者のたまり場 {nick}",
        kana="わかもののたまりば {nick_kana}",
        summary="15〜30歳くらいの方が、ゲームや料理、おしゃべりをしながら過ごせるスペースです。話すのが苦手な方も、いるだけで大丈夫です。",
        detail="仕事や学校のことを相談したい方には、若者支援の経験があるスタッフが個別に話を聞きます。",
        categories=("chat", "work"),
        audiences=("young-people",),
        schedules=(
            (weekly([SAT], "14:00", "19:00", new_year=False),),
            (nth([FRI], [1, 3], "17:00", "20:00"),),
        ),
        costs=(None,),
        capacities=(None, 20),
        applies=(
            ("申込不要。メールで事前に連絡をもらえると、スタッフが入口でお迎えします。", False),
        ),
        venues=("shop", "cafe", "center"),
        org="group",
        tour=True,
        companion=True,
    ),
    Template(
        key="kaigosha",
        kind="place",
        name="介護者カフェ {nick}",
        kana="かいごしゃかふぇ {nick_kana}",
        summary="家族を介護している方が、日ごろの悩みや工夫を話し合える場です。介護の経験者や専門職も同席します。",
        detail="途中からの参加、途中での退出も自由です。介護中のご家族と一緒に来ていただいてもかまいません。",
        categories=("listening", "consultation"),
        audiences=("carers",),
        schedules=(
            (nth([SAT], [3], "13:30", "15:30"),),
            (nth([WED], [2], "14:00", "16:00", holidays=True),),
        ),
        costs=("1回200円（お茶・お菓子代）",),
        capacities=(12, 15),
        applies=(("当日参加もできます。できれば前日までに電話でお知らせください。", False),),
        venues=("care", "cafe", "center"),
        org="group",
        companion=True,
    ),
    Template(
        key="oyako",
        kind="place",
        name="親子のひろば {nick}",
        kana="おやこのひろば {nick_kana}",
        summary="0〜3歳のお子さんと保護者が自由に遊べるひろばです。子育ての相談もできます。",
        detail="絵本やおもちゃを用意しています。月に1回、保育士による子育て相談の時間があります。",
        categories=("parenting", "chat"),
        audiences=("parents", "children"),
        schedules=(
            (weekly([WED], "10:00", "12:00", holidays=True),),
            (weekly([TUE, THU], "10:00", "12:00", holidays=True),),
        ),
        costs=(None, "1家族100円（保険料）"),
        capacities=(10, 15),
        applies=(("申込不要。直接お越しください。", False),),
        venues=("church", "shukaijo", "mansion"),
        org="chokai",
        easy="小(ちい)さい 子(こ)どもと 親(おや)が いっしょに あそぶ 場所(ばしょ)です。",
        tour=True,
        home_ok=True,
    ),
    Template(
        key="furatto",
        kind="place",
        name="ふらっとスペース {nick}",
        kana="ふらっとすぺーす {nick_kana}",
        summary="障がいのある方もない方も、一緒にお茶をしたり手作業をしたりして過ごせる居場所です。ご家族や支援者との来所も歓迎します。",
        detail="静かに過ごしたい方のための小部屋があります。筆談でのやりとりもできます。",
        categories=("chat", "crafts"),
        audiences=("disability", "anyone"),
        schedules=((weekly([MON, WED, FRI], "10:00", "15:00", holidays=True),),),
        costs=(None, "1回100円（材料費）"),
        capacities=(None, 15),
        applies=(("申込不要。初めての方は、電話で来所の日を伝えてもらえると安心です。", False),),
        venues=("center", "care", "shop"),
        org="group",
        tour=True,
        companion=True,
    ),
]

SALON_TEMPLATES = [
    Template(
        key="ikiiki",
        kind="salon",
        name="いきいきサロン{area}",
        kana="いきいきさろん{area_kana}",
        summary="地域の高齢の方が集まり、おしゃべりや脳トレ、季節の行事を楽しむサロンです。ひとり暮らしの方も気軽にどうぞ。",
        detail="毎回、血圧測定と10分ほどの軽い体操があります。季節ごとにお花見や七夕の会も開きます。",
        categories=("chat", "care-prevention"),
        audiences=("older-people", "living-alone"),
        schedules=(
            (nth([TUE], [2, 4], "13:30", "15:30", holidays=True),),
            (nth([THU], [1, 3], "13:30", "15:30", holidays=True),),
        ),
        costs=("1回100円（お茶代）",),
        capacities=(20, 25),
        applies=(("申込不要。当日直接会場へお越しください。", False),),
        venues=("chokai", "shukaijo", "center"),
        org="chokai",
        easy="お年寄(としよ)りが あつまって、話(はな)したり 頭(あたま)の 体操(たいそう)を したり します。",
        tour=True,
    ),
    Template(
        key="taiso",
        kind="salon",
        name="{area}はつらつ健康体操",
        kana="{area_kana}はつらつけんこうたいそう",
        summary="椅子に座ったままでもできる健康体操とストレッチで、転倒予防と体力づくりをする通いの場です。",
        detail="区の介護予防の講習を受けたリーダーが進めます。体調に合わせて、できる動きだけで大丈夫です。",
        categories=("exercise", "care-prevention"),
        audiences=("older-people",),
        schedules=(
            (weekly([WED], "10:00", "11:30", holidays=True),),
            (weekly([MON], "14:00", "15:00", holidays=True),),
        ),
        costs=(None,),
        capacities=(30, 25),
        applies=(("初回のみ電話で申込。動きやすい服装と飲み物をお持ちください。", True),),
        venues=("center", "shukaijo", "park"),
        org="chokai",
        easy="いすに すわったまま できる 体操(たいそう)です。お金(かね)は いりません。",
        companion=True,
    ),
    Template(
        key="igo",
        kind="salon",
        name="{area}囲碁・将棋クラブ",
        kana="{area_kana}いご・しょうぎくらぶ",
        summary="囲碁・将棋を楽しむ仲間の集まりです。初心者には経験者が手ほどきします。盤と駒は会で用意しています。",
        detail="級・段は問いません。対局のほか、詰将棋や詰碁の勉強会もあります。",
        categories=("go-shogi", "chat"),
        audiences=("older-people", "anyone"),
        schedules=(
            (weekly([TUE, FRI], "13:00", "17:00"),),
            (weekly([SAT], "13:00", "17:00"),),
        ),
        costs=("月500円（会場費）", "1回200円（会場費）"),
        capacities=(None,),
        applies=(("見学は自由です。入会は当日、会場の受付で。", False),),
        venues=("chokai", "shukaijo", "temple"),
        org="chokai",
        tour=True,
    ),
    Template(
        key="utagoe",
        kind="salon",
        name="歌声サロン {nick}",
        kana="うたごえさろん {nick_kana}",
        summary="懐かしい童謡や歌謡曲を、ピアノ伴奏に合わせてみんなで歌います。歌詞カードがあるので初めてでも安心です。",
        detail="大きな声を出すことは、飲み込む力や呼吸の力を保つことにもつながります。",
        categories=("music", "care-prevention"),
        audiences=("older-people", "anyone"),
        schedules=(
            (nth([FRI], [LAST], "14:00", "15:30"),),
            (nth([MON], [2], "14:00", "15:30", holidays=True),),
        ),
        costs=("1回300円（伴奏者謝礼・お茶代）",),
        capacities=(30,),
        applies=(("申込不要。当日直接会場へお越しください。", False),),
        venues=("church", "center", "care"),
        org="group",
        tour=True,
    ),
    Template(
        key="shugei",
        kind="salon",
        name="手芸サロン {nick}",
        kana="しゅげいさろん {nick_kana}",
        summary="編み物、刺し子、布ぞうりづくりなど、手を動かしながらおしゃべりを楽しむサロンです。作品は地域のバザーに出しています。",
        detail="道具は貸し出します。作りたいものがある方は、材料を持ってきてもかまいません。",
        categories=("crafts", "chat"),
        audiences=("anyone", "older-people"),
        schedules=((nth([MON], [1, 3], "13:00", "15:00", holidays=True),),),
        costs=("1回200円（材料費は別途実費）",),
        capacities=(12,),
        applies=(("材料を準備するため、前日までに電話で申込。", True),),
        venues=("chokai1", "church", "cafe"),
        org="group",
        home_ok=True,
    ),
    Template(
        key="ryori",
        kind="salon",
        name="男の料理サロン {area}",
        kana="おとこのりょうりさろん {area_kana}",
        summary="料理が初めての男性も大歓迎。季節の家庭料理を一緒に作り、できあがったらみんなで食べます。",
        detail="包丁の持ち方から教えます。作ったレシピはお持ち帰りいただけます。",
        categories=("meals", "care-prevention"),
        audiences=("older-people", "living-alone"),
        schedules=((monthday(20, "10:00", "13:00"),),),
        costs=("1回500円（材料費）",),
        capacities=(10,),
        applies=(("材料を準備するため、開催日の1週間前までに電話で申込。先着順です。", True),),
        venues=("kitchen",),
        org="chokai",
    ),
    Template(
        key="hana",
        kind="salon",
        name="花と緑のサロン {nick}",
        kana="はなとみどりのさろん {nick_kana}",
        summary="地域の花壇の手入れと、季節の寄せ植えづくりを楽しむ集まりです。軽い作業なので体力に自信のない方もどうぞ。",
        detail="雨の日は室内で、押し花のしおりづくりなどをします。",
        categories=("gardening", "care-prevention"),
        audiences=("older-people", "anyone"),
        schedules=((nth([SAT], [2], "09:30", "11:30"),),),
        costs=(None,),
        capacities=(None,),
        applies=(("申込不要。汚れてもよい服装でお越しください。", False),),
        venues=("park", "shukaijo"),
        org="chokai",
    ),
    Template(
        key="noutore",
        kind="salon",
        name="脳トレ・おしゃべりサロン {nick}",
        kana="のうとれ・おしゃべりさろん {nick_kana}",
        summary="計算や漢字のプリント、簡単なゲームで頭の体操をしたあと、お茶を飲みながらおしゃべりします。",
        detail="もの忘れが気になり始めた方、ご家族と一緒の参加も歓迎します。",
        categories=("care-prevention", "chat"),
        audiences=("older-people",),
        schedules=(
            (weekly([THU], "10:00", "11:30", holidays=True),),
            (nth([WED], [1, 3], "10:00", "11:30", holidays=True),),
        ),
        costs=("1回100円（お茶代）",),
        capacities=(20,),
        applies=(("申込不要。当日直接会場へお越しください。", False),),
        venues=("care", "chokai", "center"),
        org="group",
        companion=True,
    ),
]

FOOD_TEMPLATES = [
    Template(
        key="kodomo",
        kind="food",
        name="子ども食堂{nick}",
        kana="こどもしょくどう{nick_kana}",
        summary="地域のこどもと大人が一緒に温かいごはんを食べる子ども食堂です。こどもだけでの参加も、親子での参加も歓迎します。",
        detail="地域の農家やお店から寄付された食材で、栄養士と一緒に献立を考えています。食後は宿題や遊びの時間もあります。",
        categories=("kodomo-shokudo", "meals"),
        audiences=("children", "parents", "anyone"),
        schedules=(
            (nth([WED], [2, 4], "17:00", "19:30", holidays=True),),
            (nth([SAT], [1, 3], "11:30", "13:30"),),
            (weekly([THU], "17:00", "19:00", holidays=True),),
        ),
        costs=("こども無料、大人300円",),
        capacities=(40, 30),
        applies=(
            (
                "食材を準備するため、前日までに電話かメールで予約してください。空きがあれば当日も受け付けます。",
                True,
            ),
        ),
        venues=("kitchen", "church", "temple"),
        org="group",
        easy="子(こ)どもは お金(かね)を はらわないで ごはんを 食(た)べられます。大人(おとな)は 300円(えん)です。",
        companion=True,
        home_ok=True,
        food={
            "eligibility_documents": "どなたでも利用できます。所得などの条件や、書類の提出はありません。",
            "what_to_bring": "特にありません。お弁当の持ち帰りを希望する方は、容器をお持ちください。",
            "food_booking": "前日17時までに電話またはメールで、人数（こども・大人）とアレルギーの有無をお知らせください。",
        },
    ),
    Template(
        key="pantry",
        kind="food",
        name="フードパントリー{area}",
        kana="ふーどぱんとりー{area_kana}",
        summary="寄付でいただいた食品や日用品を、生活にお困りの方に無料でお渡しするフードパントリーです。",
        detail="お米、レトルト食品、缶詰、調味料などを1家族1袋お渡しします。生活や仕事の相談窓口もご案内できます。",
        categories=("food-distribution",),
        audiences=("hardship", "parents"),
        schedules=(
            (monthday(15, "14:00", "16:00"),),
            (nth([SAT], [LAST], "10:00", "12:00"),),
        ),
        costs=(None,),
        capacities=(50, 40),
        applies=(("受取日の3日前までに電話かメールで予約してください。", True),),
        venues=("shukaijo", "church", "center"),
        org="food",
        languages=("ja", "easy-ja"),
        easy="食(た)べ物(もの)を お金(かね)を はらわないで もらえます。まず 電話(でんわ)で 予約(よやく)して ください。",
        companion=True,
        food={
            "eligibility_documents": "区内在住で、生活にお困りの方（ひとり親家庭、年金だけで暮らす方、仕事を失った方など）。証明書類は不要で、初回に簡単な聞き取りをします。",
            "what_to_bring": "持ち帰り用の袋（重くなるので丈夫なもの）。夏は保冷バッグ。",
            "food_booking": "受取日の3日前までに電話かメールで予約。混雑を避けるため、受け取り時間を15分ごとに分けてご案内します。",
        },
    ),
    Template(
        key="drive",
        kind="food",
        name="{area}フードドライブ受付窓口",
        kana="{area_kana}ふーどどらいぶうけつけまどぐち",
        summary="家庭で余っている食品の寄付を受け付けています。集まった食品は、区内の子ども食堂やフードパントリーに届けます。",
        detail="お歳暮やお中元で余った食品、買いすぎた缶詰なども歓迎です。",
        categories=("food-distribution", "community"),
        audiences=("anyone",),
        schedules=((weekly([TUE, THU], "10:00", "16:00", holidays=True),),),
        costs=(None,),
        capacities=(None,),
        applies=(("申込不要。受付時間内にお持ちください。", False),),
        venues=("shop", "center", "chokai1"),
        org="food",
        newcomer=False,
        food={
            "eligibility_documents": "寄付の受付です。未開封で、賞味期限が2か月以上ある常温保存の食品（お米、缶詰、レトルト食品、乾麺など）をお願いします。",
            "what_to_bring": "寄付する食品。生鮮食品・冷蔵や冷凍の食品・お酒はお受けできません。",
            "food_booking": "予約は不要です。量が多い場合は、事前に電話でご相談ください。",
        },
    ),
    Template(
        key="minna",
        kind="food",
        name="みんなの食堂{nick}",
        kana="みんなのしょくどう{nick_kana}",
        summary="高齢の方もこどもも、だれでも一緒に食卓を囲める地域食堂です。栄養バランスを考えた手作りの定食を用意します。",
        detail="ひとりで食事をすることが多い方も、気軽においでください。食後にはお茶とおしゃべりの時間があります。",
        categories=("meals", "chat"),
        audiences=("anyone", "older-people", "living-alone"),
        schedules=(
            (nth([THU], [1, 3], "11:30", "13:30", holidays=True),),
            (nth([SUN], [2], "11:30", "13:30"),),
        ),
        costs=("大人400円、中学生以下200円",),
        capacities=(30,),
        applies=(("予約不要。30食なくなり次第終了です。", False),),
        venues=("kitchen", "temple", "care"),
        org="group",
        home_ok=True,
        food={
            "eligibility_documents": "どなたでも利用できます。",
            "what_to_bring": "特にありません。",
            "food_booking": "予約は不要です。10人以上のグループで来る場合は、前日までに電話でお知らせください。",
        },
    ),
    Template(
        key="gakusei",
        kind="food",
        name="学生応援フードパントリー {nick}",
        kana="がくせいおうえんふーどぱんとりー {nick_kana}",
        summary="ひとり暮らしの学生や若者に、お米やレトルト食品、日用品を無料でお渡しします。",
        detail="受け取りのついでに、アルバイトや奨学金の相談もできます。",
        categories=("food-distribution",),
        audiences=("young-people", "hardship"),
        schedules=((nth([SAT], [LAST], "13:00", "15:00"),),),
        costs=(None,),
        capacities=(30,),
        applies=(("前日までにメールで予約してください。", True),),
        venues=("church", "cafe", "center"),
        org="food",
        food={
            "eligibility_documents": "区内に住んでいるか通学している学生、30歳くらいまでの若者で、生活費に困っている方。学生証などの提示は不要です。",
            "what_to_bring": "持ち帰り用の袋。",
            "food_booking": "前日までにメールで予約（名前は仮名でもかまいません）。",
        },
    ),
]

VOLUNTEER_TEMPLATES = [
    Template(
        key="v-kodomo",
        kind="volunteer",
        name="子ども食堂{nick} 調理・配膳ボランティア募集",
        kana="こどもしょくどう{nick_kana} ちょうり・はいぜんぼらんてぃあぼしゅう",
        summary="子ども食堂で、調理・配膳・片付けを手伝ってくださる方を募集しています。料理が得意でなくても大丈夫です。",
        detail="はじめに説明会に参加していただき、その後は見学から始められます。",
        categories=("kodomo-shokudo", "work"),
        audiences=("anyone", "young-people"),
        schedules=(
            (
                nth([WED], [2, 4], "15:00", "20:00", holidays=True),
                once((10, 40), "10:00", "11:00", label="ボランティア説明会"),
            ),
        ),
        costs=(None,),
        capacities=(None,),
        applies=(("まず電話かメールでご連絡ください。説明会の日時をご案内します。", True),),
        venues=("kitchen", "church"),
        org="group",
        tour=True,
        volunteer={
            "volunteer_tasks": "野菜の下ごしらえ、調理、配膳、食器洗い、こどもとの会話や遊びの見守り。",
            "time_commitment": "月1回以上、1回3〜5時間（都合のよい日だけでも可）",
            "skills_wanted": "料理の経験は問いません。食品衛生責任者の資格がある方、こどもと接するのが好きな方は特に歓迎します。",
        },
    ),
    Template(
        key="v-keicho",
        kind="volunteer",
        name="見守り・傾聴ボランティア（{area}）",
        kana="みまもり・けいちょうぼらんてぃあ {area_kana}",
        summary="ひとり暮らしの高齢の方のお宅を訪ねたり、電話をかけたりして、お話を聞くボランティアです。事前に傾聴の研修があります。",
        detail="訪問は2人1組が基本です。気になることがあれば、地域包括支援センターにつなぎます。",
        categories=("listening", "work"),
        audiences=("anyone",),
        schedules=((nth([FRI], [3], "10:00", "12:00", holidays=True),),),
        costs=(None,),
        capacities=(None,),
        applies=(("電話で申込。面談のうえ、研修の日程をご案内します。", True),),
        venues=("center", "shukaijo"),
        org="volunteer",
        volunteer={
            "volunteer_tasks": "月2回程度の訪問または電話での声かけ、月1回の定例会（第3金曜の午前）への参加。",
            "time_commitment": "月2〜4時間程度",
            "skills_wanted": "特別な資格は不要です。人の話をゆっくり聞ける方。研修（全3回）を受けていただきます。",
        },
    ),
    Template(
        key="v-pantry",
        kind="volunteer",
        name="フードパントリー仕分けボランティア（{area}）",
        kana="ふーどぱんとりーしわけぼらんてぃあ {area_kana}",
        summary="寄付された食品の仕分けや袋詰め、受け取りに来た方の案内をお手伝いいただける方を募集しています。",
        detail="高校生は保護者の同意があれば参加できます。",
        categories=("food-distribution", "work"),
        audiences=("anyone", "young-people"),
        schedules=((monthday(15, "13:00", "17:00"),),),
        costs=(None,),
        capacities=(8,),
        applies=(("メールで申込。活動日の1週間前までにご連絡ください。", True),),
        venues=("shukaijo", "center"),
        org="food",
        volunteer={
            "volunteer_tasks": "食品の賞味期限チェックと仕分け、袋詰め、受付・案内、会場の設営と片付け。",
            "time_commitment": "月1回、13時〜17時のうち2時間以上",
            "skills_wanted": "重い物を運べる方、受付で丁寧に対応できる方を歓迎します。高校生以上。",
        },
    ),
    Template(
        key="v-gakushu",
        kind="volunteer",
        name="学習支援ボランティア（{nick}学習会）",
        kana="がくしゅうしえんぼらんてぃあ {nick_kana}がくしゅうかい",
        summary="小中学生の宿題や勉強を一緒に見てくださる、学生・社会人のボランティアを募集しています。",
        detail="教えることよりも、こどもの話を聞き、そばで見守ることを大切にしています。",
        categories=("study", "work"),
        audiences=("young-people", "anyone"),
        schedules=((weekly([TUE], "17:00", "19:00", holidays=True),),),
        costs=(None,),
        capacities=(None,),
        applies=(("メールで申込。面談と見学のあと、活動を始めていただきます。", True),),
        venues=("shukaijo", "school", "church"),
        org="group",
        tour=True,
        volunteer={
            "volunteer_tasks": "小中学生の宿題の見守り、算数・英語などの学習サポート、休憩時間の話し相手。",
            "time_commitment": "週1回、17時〜19時（月2回からでも可）",
            "skills_wanted": "大学生・社会人。教員の経験は不要です。外国にルーツのあるこどもの日本語学習を手伝える方を特に歓迎します。",
        },
    ),
    Template(
        key="v-salon",
        kind="volunteer",
        name="サロン運営サポーター募集（いきいきサロン{area}）",
        kana="さろんうんえいさぽーたーぼしゅう いきいきさろん{area_kana}",
        summary="高齢の方が集うサロンで、お茶出しや受付、レクリエーションの進行を手伝ってくださる方を募集しています。",
        detail="楽器、手品、体操の指導など、特技を披露してくださる方も大歓迎です。",
        categories=("care-prevention", "work"),
        audiences=("anyone", "older-people"),
        schedules=((nth([TUE], [2, 4], "13:00", "16:00", holidays=True),),),
        costs=(None,),
        capacities=(None,),
        applies=(("電話で申込。一度サロンを見学してから決めていただけます。", True),),
        venues=("chokai", "shukaijo"),
        org="chokai",
        tour=True,
        volunteer={
            "volunteer_tasks": "会場の準備、受付、お茶出し、体操や脳トレの進行の補助、片付け。",
            "time_commitment": "月1〜2回、1回3時間程度",
            "skills_wanted": "経験は不要です。人と話すのが好きな方。特技を活かしたい方も歓迎します。",
        },
    ),
    Template(
        key="v-kadan",
        kind="volunteer",
        name="公園花壇づくりボランティア（{area}）",
        kana="こうえんかだんづくりぼらんてぃあ {area_kana}",
        summary="地域の公園の花壇の植え替えや水やり、清掃をする仲間を募集しています。作業のあとはお茶を飲みながら交流します。",
        detail="親子での参加も歓迎します。軍手と飲み物は会で用意します。",
        categories=("gardening", "community", "work"),
        audiences=("anyone",),
        schedules=((nth([SUN], [1], "09:00", "11:00"),),),
        costs=(None,),
        capacities=(None,),
        applies=(("申込不要。当日、公園の管理棟前にお集まりください。", False),),
        venues=("park",),
        org="chokai",
        volunteer={
            "volunteer_tasks": "花苗の植え付け、水やり、草取り、公園内のごみ拾い。",
            "time_commitment": "月1回、2時間程度",
            "skills_wanted": "経験は不要です。帽子と汚れてもよい服装でお越しください。園芸の知識がある方も歓迎します。",
        },
    ),
]

TEMPLATES_BY_KIND = {
    "place": PLACE_TEMPLATES,
    "salon": SALON_TEMPLATES,
    "food": FOOD_TEMPLATES,
    "volunteer": VOLUNTEER_TEMPLATES,
}
# How many listings of each kind every area gets (9 per area, 162 in all).
SLOTS_PER_AREA = (("place", 2), ("salon", 3), ("food", 2), ("volunteer", 2))

# A few listings that only some areas have: multilingual ones, and groups that must not be pinned.
EXTRA_TEMPLATES: list[tuple[str, Template]] = [
    (
        "16",
        Template(
            key="x-tabunka",
            kind="place",
            name="多文化カフェ {nick}",
            kana="たぶんかかふぇ {nick_kana}",
            summary="外国にルーツのある方と日本の住民が、お茶を飲みながら交流するカフェです。英語・中国語・やさしい日本語で話せます。",
            detail="ゴミの出し方や学校の手紙など、暮らしの困りごとも気軽に聞いてください。",
            categories=("multicultural", "chat"),
            audiences=("foreign-roots", "anyone"),
            schedules=((weekly([SUN], "13:00", "16:00"),),),
            costs=(None,),
            capacities=(None,),
            applies=(("申込不要。直接お越しください。", False),),
            venues=("cafe",),
            org="multicultural",
            languages=("ja", "easy-ja", "en", "zh"),
            easy="外国(がいこく)から 来(き)た 人(ひと)と 日本(にほん)の 人(ひと)が いっしょに 話(はな)す カフェです。英語(えいご)と 中国語(ちゅうごくご)も 話(はな)せます。",
            tour=True,
            companion=True,
        ),
    ),
    (
        "17",
        Template(
            key="x-nihongo",
            kind="place",
            name="にほんごひろば {nick}",
            kana="にほんごひろば {nick_kana}",
            summary="日本語を学びたい方と、外国にルーツのあるこどもの学習を応援するひろばです。ボランティアがマンツーマンで対応します。",
            detail="保護者向けに、学校の手紙の読み方や手続きの相談も受けています。",
            categories=("multicultural", "study"),
            audiences=("foreign-roots", "children"),
            schedules=((weekly([SAT], "10:00", "12:00", holidays=True),),),
            costs=(None,),
            capacities=(20,),
            applies=(
                (
                    "初回は電話かメールで連絡してください。やさしい日本語・英語・中国語で対応します。",
                    True,
                ),
            ),
            venues=("center",),
            org="multicultural",
            languages=("easy-ja", "en", "zh"),
            easy="日本語(にほんご)を 勉強(べんきょう)する 場所(ばしょ)です。子(こ)どもの 勉強(べんきょう)も 手伝(てつだ)います。お金(かね)は いりません。",
            companion=True,
        ),
    ),
    (
        "15",
        Template(
            key="x-tsuyaku",
            kind="volunteer",
            name="通訳・やさしい日本語ボランティア募集",
            kana="つうやく・やさしいにほんごぼらんてぃあぼしゅう",
            summary="地域のイベントや子ども食堂での通訳、お知らせのやさしい日本語への書きかえを手伝ってくださる方を募集しています。",
            detail="活動の前に、やさしい日本語の研修を受けていただきます。",
            categories=("multicultural", "work"),
            audiences=("anyone", "foreign-roots"),
            schedules=((once((14, 45), "14:00", "16:00", label="やさしい日本語研修会"),),),
            costs=(None,),
            capacities=(20,),
            applies=(("メールで申込。研修会の参加申込も同じメールで受け付けます。", True),),
            venues=("center",),
            org="multicultural",
            languages=("ja", "en", "zh"),
            volunteer={
                "volunteer_tasks": "区内のイベントや子ども食堂での通訳、案内文のやさしい日本語への書きかえ、外国にルーツのある家庭への手続きの付き添い。",
                "time_commitment": "不定期（月1回程度、依頼があったとき）",
                "skills_wanted": "英語・中国語・ベトナム語などができる方。日本語を母語としない方の参加も歓迎します。",
            },
        ),
    ),
    (
        "03",
        Template(
            key="x-josei",
            kind="salon",
            name="女性のためのほっとサロン",
            kana="じょせいのためのほっとさろん",
            summary="家族との関係やDV・モラハラなどで悩む女性が、安心して話せる場です。場所は安全のため、申込後に個別にお知らせします。",
            detail="話したくないことは話さなくてかまいません。相談員（女性）が同席します。",
            categories=("listening", "consultation"),
            audiences=("hardship",),
            schedules=((nth([THU], [2], "10:00", "12:00", holidays=True),),),
            costs=(None,),
            capacities=(8,),
            applies=(("電話で申込（女性の相談員が対応します）。", True),),
            venues=(),
            org="support",
            privacy="hidden",
        ),
    ),
    (
        "13",
        Template(
            key="x-kaifuku",
            kind="place",
            name="回復をめざす人の集い {nick}",
            kana="かいふくをめざすひとのつどい {nick_kana}",
            summary="お酒やギャンブルなどの依存から回復をめざす方が、ミーティング形式で経験を分かちあう集いです。",
            detail="本名を名乗る必要はありません。ご家族向けの会も別の日に開いています。",
            categories=("listening", "consultation"),
            audiences=("anyone",),
            schedules=((weekly([MON], "19:00", "20:30"),),),
            costs=(None,),
            capacities=(None,),
            applies=(("電話で申込。場所は申込後にお知らせします。", True),),
            venues=(),
            org="support",
            privacy="hidden",
        ),
    ),
    (
        "14",
        Template(
            key="x-hitorioya",
            kind="salon",
            name="ひとり親のおしゃべり会 {nick}",
            kana="ひとりおやのおしゃべりかい {nick_kana}",
            summary="ひとり親家庭の保護者が、子育てや仕事の悩みを話し合える会です。託児があります（要予約）。",
            detail="参加者同士の連絡先の交換は、ご本人が希望した場合だけにしています。",
            categories=("parenting", "listening"),
            audiences=("parents", "hardship"),
            schedules=((nth([SUN], [3], "10:00", "12:00"),),),
            costs=(None,),
            capacities=(10,),
            applies=(("電話かメールで申込。託児を希望する方は5日前までに。", True),),
            venues=(),
            org="support",
            privacy="hidden",
            companion=True,
        ),
    ),
]
