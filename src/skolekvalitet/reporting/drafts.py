"""A generated first draft of each chapter's assessment, in plain Norwegian: what the chapter's
figures show, and what they cannot tell. Only words over the verdicts the analysis already made
(development.Facts); the owner accepts, edits or discards it."""

from html import escape

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from skolekvalitet.analysis import texts
from skolekvalitet.analysis.presenting import figure_text, verdict_text

from .development import Facts
from .narratives import clean


def _versus(verdict: str, direction: str) -> str:
    """The municipality against the nation, saying whether a clear difference is the better or
    the weaker side (above alone does not say it: for bullying, lower is better)."""
    if verdict == "no clear difference":
        return _("with no clear difference from the national level")
    return verdict_text(verdict, direction) if verdict in ("above", "below") else ""


def _names(names: list[str], limit: int = 4) -> str:
    shown = ", ".join(names[:limit])
    rest = len(names) - limit
    if rest > 0:
        shown += " " + ngettext("and %(count)d more", "and %(count)d more", rest) % {"count": rest}
    return shown


def _indicator(f: Facts) -> str:
    bits = []
    if f.owner_latest is not None and f.owner_latest.status == "shown":
        bits.append(
            _("the municipality's figure for %(year)s is %(value)s")
            % {"year": f.owner_latest.year, "value": figure_text(f.owner_latest, f.unit)}
            + (f", {_versus(f.owner_versus_nation, f.direction)}" if f.owner_versus_nation else "")
        )
        bits.append(
            _("over %(count)d years: %(trend)s")
            % {"count": len(f.years), "trend": texts.TRENDS[f.owner_trend]}
        )
    for side, names in (("above", f.above), ("below", f.below)):
        if names:
            bits.append(f"{verdict_text(side, f.direction)}: {_names(names)}")
    if f.rising:
        bits.append(_("rising beyond noise: %(names)s") % {"names": _names(f.rising)})
    if f.falling:
        bits.append(_("falling beyond noise: %(names)s") % {"names": _names(f.falling)})
    if not (f.rising or f.falling):
        bits.append(_("no school rises or falls beyond noise"))
    return f"<strong>{escape(f.name)}</strong>: {escape('; '.join(bits))}."


def draft(facts: list[Facts], *, contribution: bool = False) -> str:
    """The draft as sanitised rich text; "" when the chapter has no figures."""
    if not facts:
        return ""
    shows = "".join(f"<li>{_indicator(f)}</li>" for f in facts)
    cannot = [
        _(
            "Why the figures are as they are, or what the schools did: that needs the schools' "
            "own analyses and the dialogues."
        ),
        _(
            "A single year is not a trend; small schools and small year groups vary a lot by "
            "chance, so only changes beyond noise are named."
        ),
    ]
    hidden = sum(f.hidden for f in facts)
    if hidden:
        cannot.append(
            ngettext(
                "%(count)d school figure is hidden because too few pupils are behind it.",
                "%(count)d school figures are hidden because too few pupils are behind them.",
                hidden,
            )
            % {"count": hidden}
        )
    for f in facts:
        if f.break_note:
            cannot.append(
                _("%(name)s cannot be compared with years before %(year)s: %(note)s.")
                % {"name": f.name, "year": f.years[0], "note": f.break_note}
            )
    if contribution:
        cannot.append(
            _("The three stages of school contribution are different measures: never compare them.")
        )
    return clean(
        f"<h3>{escape(_('What the numbers show'))}</h3><ul>{shows}</ul>"
        f"<h3>{escape(_('What the numbers cannot tell'))}</h3><ul>"
        + "".join(f"<li>{escape(c)}</li>" for c in cannot)
        + "</ul>"
    )
