"""Form rendering in Designsystemet's markup (templates/site/field.html, widgets/attrs.html)."""

from django.forms.renderers import TemplatesSetting


class DesignsystemetRenderer(TemplatesSetting):
    field_template_name = "site/field.html"
