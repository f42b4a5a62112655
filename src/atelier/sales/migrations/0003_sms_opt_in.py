from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("sales", "0002_made_to_order"),
    ]

    operations = [
        migrations.AddField(
            model_name="salesorder",
            name="sms_opt_in",
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name="salesorder",
            name="language",
            field=models.CharField(blank=True, max_length=8),
        ),
    ]
