"""The default rules in French, for a clinic that publishes in French: the wording the
English rules catch, as French advertising would write it. Only when French is one of the
content languages at migration time; a clinic that adds French later adds them by hand
(docs/languages.md)."""

from django.conf import settings
from django.db import migrations

DEPART = (
    " Un point de départ, pas un avis juridique\u00a0: vérifiez vos textes selon le droit et "
    "les règles professionnelles qui s'appliquent à votre clinique, et modifiez ou "
    "désactivez cette règle au besoin."
)

FRENCH_RULES = [
    {
        "name": "Médicament sur ordonnance nommé (toxine botulique)",
        "pattern": r"\b(?:botox|beautox|toxine\s+botulique|vistabel|dysport|bocouture|azzalure|xeomin)\b",
        "severity": "block",
        "explanation": (
            "La toxine botulique et ses marques sont des médicaments sur ordonnance, dont la "
            "publicité auprès du public est interdite. Présentez la consultation (\u00ab\u00a0une "
            "consultation pour les rides d'expression\u00a0\u00bb) plutôt que le produit." + DEPART
        ),
        "reference": "Code de la santé publique, art. L5122-6",
    },
    {
        "name": "Résultats garantis",
        "pattern": r"\b(?:garanti(?:e|s|es)?|garantissons)\b",
        "severity": "block",
        "explanation": (
            "Les résultats d'un soin esthétique varient d'une personne à l'autre\u00a0: "
            "promettre un résultat est une allégation trompeuse et non justifiée." + DEPART
        ),
        "reference": "Code de la consommation, art. L121-2",
    },
    {
        "name": "Sans risque ni effets secondaires",
        "pattern": r"\b(?:sans\s+(?:aucun\s+)?risques?|z[ée]ro\s+risque|sans\s+(?:aucun\s+)?effets?\s+secondaires?|(?:totalement|parfaitement|100\s*%)\s+s[ûu]re?s?)\b",
        "severity": "block",
        "explanation": (
            "Tout acte médical ou esthétique comporte des risques. Dire qu'un soin est sans "
            "risque ou sans effets secondaires est trompeur et dissuade de les peser." + DEPART
        ),
        "reference": "Code de la consommation, art. L121-2",
    },
    {
        "name": "Indolore",
        "pattern": r"\b(?:indolores?|sans\s+(?:aucune\s+)?douleurs?)\b",
        "severity": "warn",
        "explanation": (
            "La douleur se ressent différemment\u00a0: \u00ab\u00a0indolore\u00a0\u00bb demande "
            "des preuves valables pour la plupart des patients. Préférez \u00ab\u00a0la "
            "plupart des personnes ressentent peu d'inconfort\u00a0\u00bb et dites quelle "
            "anesthésie est utilisée." + DEPART
        ),
        "reference": "Code de la consommation, art. L121-2",
    },
    {
        "name": "Résultats définitifs",
        "pattern": r"\b(?:d[ée]finiti(?:f|fs|ve|ves|vement)|permanente?s?)\b",
        "severity": "warn",
        "explanation": (
            "Un résultat définitif demande des preuves solides\u00a0; la plupart des "
            "résultats sans chirurgie s'estompent avec le temps. Dites combien de temps ils "
            "durent en général." + DEPART
        ),
        "reference": "Code de la consommation, art. L121-2",
    },
    {
        "name": "Pression pour réserver",
        "pattern": r"\b(?:offre\s+(?:limitée|à\s+durée\s+limitée)|réservez\s+(?:vite|dès\s+maintenant|aujourd'hui)|dernières?\s+places?)\b",
        "severity": "warn",
        "explanation": (
            "Une offre limitée dans le temps pousse à un acte esthétique sans délai de "
            "réflexion." + DEPART
        ),
        "reference": "Code de la santé publique, art. R4127-19",
    },
]


def publishes_in_french() -> bool:
    return any(code.split("-")[0] == "fr" for code, _ in settings.WAGTAIL_CONTENT_LANGUAGES)


def add_french_rules(apps, schema_editor):
    if not publishes_in_french():
        return
    ComplianceRule = apps.get_model("blog", "ComplianceRule")
    for rule in FRENCH_RULES:
        ComplianceRule.objects.get_or_create(
            name=rule["name"], defaults={**rule, "is_regex": True, "language": "fr"}
        )


def remove_french_rules(apps, schema_editor):
    ComplianceRule = apps.get_model("blog", "ComplianceRule")
    names = [rule["name"] for rule in FRENCH_RULES]
    ComplianceRule.objects.filter(name__in=names, language="fr").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0035_compliance_rule_language"),
    ]

    operations = [
        migrations.RunPython(add_french_rules, remove_french_rules),
    ]
