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
    from directory.search.services import documents_rebuild_in_migration

    documents_rebuild_in_migration(apps)


class Migration(migrations.Migration):
    dependencies = [("directory", "0009_search_long_units_readings_kanji")]

    operations = [
        migrations.RunPython(add_synonyms, migrations.RunPython.noop),
        migrations.RunPython(build_documents, migrations.RunPython.noop),
    ]
