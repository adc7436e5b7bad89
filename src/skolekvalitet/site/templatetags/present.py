"""Template filters over documents.present, so no template formats a number itself:
{% load present %} {{ value|number:1 }} {{ f.interval|interval:2 }} {{ share|percent }}
{{ day|day }} {{ at|moment }} {{ day|day_month }} {{ at|clock }}
{{ title|shorten:80 }}."""

from django import template

from skolekvalitet.documents import present

register = template.Library()


@register.filter
def number(value, digits=1):
    return present.number(value, int(digits))


@register.filter
def interval(value, digits=1):
    """An object with .low and .high (an Interval), or None."""
    if value is None:
        return present.DASH
    return present.interval(value.low, value.high, int(digits))


@register.filter
def percent(value, digits=0):
    return present.percent(value, int(digits))


@register.filter
def day(value):
    return present.date(value)  # a moment as the day it is in Norway


@register.filter
def moment(value):
    return present.moment(value)


@register.filter
def clock(value):
    return present.clock(value)


@register.filter
def at_clock(value):
    """After a day: «kl. 14.05»."""
    return present.clock(value, said=True)


@register.filter
def day_month(value):
    return present.day_month(value)


@register.filter
def signed(value, digits=1):
    return present.signed(value, int(digits))


@register.filter
def shorten(value, width=80):
    return present.shorten(str(value or ""), int(width))
