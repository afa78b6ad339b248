"""Reference data from directory/data/: regions, areas and starting vocabularies (migration
0002) and the counters residents can turn to (migration 0010).

Takes the model classes as arguments so that the migration can pass its historical models.
"""

import csv
import json
from decimal import Decimal
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"


def load_reference_data(get_model) -> None:
    """Create or update the regions, areas and vocabularies; safe to run again.

    ``get_model(name)`` returns the model class for a directory model name.
    """
    Region, Area = get_model("Region"), get_model("Area")
    with open(DATA / "ota_areas.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    regions = {}
    for row in rows:
        if row["region_code"] not in regions:
            regions[row["region_code"]], _ = Region.objects.update_or_create(
                slug=row["region_code"],
                defaults={"name": row["region_ja"], "sort_order": len(regions) + 1},
            )
        Area.objects.update_or_create(
            code=row["code"],
            defaults={
                "slug": row["name_en"].lower().replace(" ", "-"),
                "name": row["name_ja"],
                "name_kana": row["name_kana"],
                "name_en": row["name_en"],
                "region": regions[row["region_code"]],
                "office_address": row["office_address_ja"],
                "office_latitude": Decimal(row["office_lat"]),
                "office_longitude": Decimal(row["office_lon"]),
                "note": row["note"],
            },
        )
    vocabularies = json.loads((DATA / "vocabularies.json").read_text(encoding="utf-8"))
    for model_name, items in vocabularies.items():
        model = get_model(model_name)
        for order, item in enumerate(items, start=1):
            defaults = {"name": item[0], "sort_order": order}
            if model_name == "AccessibilityFeature":
                defaults["counts_as_barrier_free"] = item[2]
            model.objects.update_or_create(slug=item[1], defaults=defaults)


def load_consultation_counters(get_model) -> None:
    """Create or update the 相談窓口 of ``ota_counters.csv`` (by kind and name); safe to run
    again, and it never blanks a phone number or hours the ward has filled in since."""
    Counter, Region, Area = (get_model(n) for n in ("ConsultationCounter", "Region", "Area"))
    with open(DATA / "ota_counters.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for order, row in enumerate(rows, start=1):
        place = (
            {"region": Region.objects.get(slug=row["region_code"]), "area": None}
            if row["region_code"]
            else {"region": None, "area": Area.objects.get(code=row["area_code"])}
        )
        counter, _ = Counter.objects.update_or_create(
            kind=row["kind"],
            name=row["name"],
            defaults={**place, "address": row["address"], "note": row["note"], "sort_order": order},
        )
        filled = {key: row[key] for key in ("phone", "hours") if row[key]}
        if filled:
            Counter.objects.filter(pk=counter.pk).update(**filled)
