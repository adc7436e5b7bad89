from django import template

register = template.Library()


@register.filter
def answer(answers: dict, item_pk: int):
    """The saved answer to an item (answers are keyed by the item's id as text)."""
    return answers.get(str(item_pk))
