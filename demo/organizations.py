"""The demo organisations: a 町会 and a group in every area, and the ward-wide ones."""

from __future__ import annotations

from dataclasses import dataclass

from . import texts
from .places import AreaInfo, office_town

ORG_PREFIX = "demo-org-"


@dataclass
class OrgSpec:
    external_id: str
    fields: dict


def chokai_text(area: AreaInfo) -> texts.OrgText:
    town, chome = office_town(area.office_address)
    return texts.OrgText(
        key=f"chokai-{area.code}",
        name=f"{town}{texts.CHOME_KANJI[chome]}丁目町会（架空）",
        kana=f"{texts.TOWN_KANA[town]}{texts.CHOME_KANA[chome]}ちょうかい",
        description=f"{town}{texts.CHOME_KANJI[chome]}丁目の町会です。防災訓練や夏祭りのほか、"
        "高齢の方のサロンや体操の会を開いています。",
        area_code=area.code,
    )


def organization_texts(areas: list[AreaInfo]) -> dict[str, texts.OrgText]:
    """Organisation key ("chokai-02", "group-02", "food" …) → its words; 40 in all."""
    found: dict[str, texts.OrgText] = {}
    for area in areas:
        found[f"chokai-{area.code}"] = chokai_text(area)
        group = texts.AREA_GROUPS[area.code]
        found[f"group-{area.code}"] = texts.OrgText(
            group.key, group.name, group.kana, group.description, area.code
        )
    found.update(texts.WARD_ORGS)
    return found


def build_organizations(
    org_texts: dict[str, texts.OrgText],
) -> tuple[list[OrgSpec], dict[str, OrgSpec]]:
    specs, by_key = [], {}
    for number, (key, text) in enumerate(org_texts.items(), start=1):
        spec = OrgSpec(
            external_id=f"{ORG_PREFIX}{number:02d}",
            fields={
                "name": text.name,
                "name_kana": text.kana,
                "description": text.description + "（この団体は架空です。）",
                "area_code": text.area_code,
                "phone": f"03-0000-{2000 + number:04d}",
                "email": f"{text.key}@example.jp",
                "website": f"https://example.jp/{text.key}/" if number % 3 == 0 else "",
            },
        )
        specs.append(spec)
        by_key[key] = spec
    return specs, by_key
