"""Rebuild every search document in the format of 0009, and add the synonym rows of this version.

Existing synonym rows are left as the editors keep them; only the rows below are added (a row
already present is not added twice). The reference file holds the whole list for new sites.
"""

from django.db import migrations

ADDED_SYNONYMS = [
    "フードパントリー、フードバンク、food pantry、food bank",
    "ひとり暮らし、独居、living alone",
    "高齢者、elderly、seniors、senior",
    "子ども、children、kids",
    "体操、運動、exercise",
    "脳トレ、認知症予防、認知症、もの忘れ",
    "歌、合唱、コーラス、カラオケ、singing",
    "園芸、ガーデニング、花壇、gardening",
    "勉強、学習、study",
    "外国人、外国にルーツ、外国籍、foreigners",
    "日本語教室、日本語学習、日本語を学ぶ",
    "話し相手、傾聴、話を聞く",
    "家族介護、介護者、介護している方、carers",
    "生活困窮、生活にお困りの方、生活に困っている",
    "食事、ごはん、食事会、meals",
    "ボランティア、volunteer、volunteers",
    "サロン、salon",
    "カフェ、cafe、café",
    "英語、English",
    "中国語、中文、Chinese",
    "車いす、wheelchair",
    "障がい、disability",
    "無料、free",
    "男性、男の",
]


def add_synonyms(apps, schema_editor):
    SearchSynonym = apps.get_model("directory", "SearchSynonym")
    for terms in ADDED_SYNONYMS:
        SearchSynonym.objects.get_or_create(terms=terms)


def build_documents(apps, schema_editor):
    # The projection reads plain attributes, so historical models serve as well as real ones;
    # only the columns this state of the model has are written, so a later format change (with
    # its own rebuild) cannot break this migration.
    from directory.search.database import document_fields
    from directory.search.documents import listing_text

    Resource = apps.get_model("directory", "Resource")
    ResourceSearchDocument = apps.get_model("directory", "ResourceSearchDocument")
    columns = {field.name for field in ResourceSearchDocument._meta.get_fields()}
    resources = (
        Resource.objects.all()  # drafts too: staff search them in the admin
        .select_related("area", "area__region", "organization")
        .prefetch_related("categories", "audiences", "languages", "accessibility_features")
    )
    ResourceSearchDocument.objects.all().delete()
    ResourceSearchDocument.objects.bulk_create(
        (
            ResourceSearchDocument(
                resource_id=r.pk,
                **{k: v for k, v in document_fields(listing_text(r)).items() if k in columns},
            )
            for r in resources.iterator(chunk_size=500)
        ),
        batch_size=500,
    )


class Migration(migrations.Migration):
    dependencies = [("directory", "0009_search_long_units_readings_kanji")]

    operations = [
        migrations.RunPython(add_synonyms, migrations.RunPython.noop),
        migrations.RunPython(build_documents, migrations.RunPython.noop),
    ]
