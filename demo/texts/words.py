"""Venues, nicknames, town readings, alerts and notes the demo listings draw from."""

from __future__ import annotations

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
