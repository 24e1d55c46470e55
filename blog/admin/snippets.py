"""How treatments and authors appear in the Wagtail admin: listing columns, search, ordering.

Both models are Orderable, so the listing offers drag-and-drop ordering; that order is the one
readers and the API see.
"""

from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from blog.admin.compliance import ComplianceRuleViewSet
from blog.admin.patient_photos import PatientPhotoViewSet
from blog.models import Author, ConsentRecord, SynonymGroup, Treatment


class TreatmentViewSet(SnippetViewSet):
    model = Treatment
    icon = "pick"
    menu_label = "Treatments"
    list_display = ["name", "slug", "typical_downtime", "device"]
    list_export = ["name", "slug", "summary", "typical_downtime", "device"]
    copy_view_enabled = False


class AuthorViewSet(SnippetViewSet):
    model = Author
    icon = "user"
    menu_label = "Authors"
    list_display = ["name", "role", "credentials"]
    list_export = ["name", "slug", "role", "credentials"]
    copy_view_enabled = False


class ConsentRecordViewSet(SnippetViewSet):
    model = ConsentRecord
    icon = "lock"
    menu_label = "Photo consent"
    list_display = ["patient_reference", "consented_on", "expires_on", "status"]
    list_filter = ["website", "app", "social"]
    copy_view_enabled = False


class SynonymGroupViewSet(SnippetViewSet):
    model = SynonymGroup
    icon = "search"
    menu_label = "Search synonyms"
    list_display = ["terms", "leads_to", "language"]
    list_filter = ["language"]
    list_export = ["terms", "leads_to", "language"]
    copy_view_enabled = False


class ClinicSnippetGroup(SnippetViewSetGroup):
    items = (
        TreatmentViewSet,
        AuthorViewSet,
        SynonymGroupViewSet,
        ComplianceRuleViewSet,
        ConsentRecordViewSet,
        PatientPhotoViewSet,
    )
    menu_label = "Clinic"
    menu_icon = "folder-open-inverse"
    menu_order = 200
