"""Form rendering in Designsystemet's markup (templates/site/field.html, widgets/attrs.html).
The helpers every app's forms use (TEXT_LIMIT, add_validation_error) are in
organisations/forms.py, below the apps that use them."""

from django.forms.renderers import TemplatesSetting


class DesignsystemetRenderer(TemplatesSetting):
    field_template_name = "site/field.html"
