from django import template

from skolekvalitet.plans import texts
from skolekvalitet.plans.texts import EVALUATIONS

register = template.Library()


@register.filter
def get_item(mapping, key):
    return mapping.get(key)


@register.filter
def evaluation_text(code: str) -> str:
    return str(EVALUATIONS.get(code, code or "–"))


@register.filter
def criterion_text(criterion) -> str:
    return texts.criterion_text(criterion)
