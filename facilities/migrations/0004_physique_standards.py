"""The two versions of the national physique standard that results are graded under."""

from django.db import migrations

STANDARDS = [
    ("2003", "《国民体质测定标准》（2003年版）"),
    ("2023", "《国民体质测定标准（2023年修订）》"),
]


def add_standards(apps, schema_editor):
    PhysiqueStandard = apps.get_model("facilities", "PhysiqueStandard")
    for code, name in STANDARDS:
        PhysiqueStandard.objects.get_or_create(code=code, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("facilities", "0003_survey_data_and_imports")]

    operations = [migrations.RunPython(add_standards, migrations.RunPython.noop)]
