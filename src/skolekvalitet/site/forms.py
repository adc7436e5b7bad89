"""Form rendering in Designsystemet's markup (templates/site/field.html, widgets/attrs.html)."""

from django.forms.renderers import TemplatesSetting

# The longest free text a form takes (notes, comments, evaluations): a page of text and then some;
# longer is refused with a message and the text stays in the form.
TEXT_LIMIT = 10_000


class DesignsystemetRenderer(TemplatesSetting):
    field_template_name = "site/field.html"


def add_validation_error(form, error) -> None:
    """Show a ValidationError from an action on the form: on its field when the form has it."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
