from django.utils.translation import gettext_lazy as _

EVALUATIONS = {
    "met": _("met"),
    "not met": _("not met"),
    "not clear": _("not clear: the target lies inside the uncertainty"),
    "cannot be measured": _("cannot be measured (suppressed or missing)"),
    "partly": _("partly met"),
    "": "–",
}
