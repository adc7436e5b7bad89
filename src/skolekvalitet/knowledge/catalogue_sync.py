"""Loads the versioned catalogue (catalogue.py) into the database."""

from dataclasses import asdict

from .catalogue import VERSION, entries


def sync_catalogue() -> int:
    from .models import Indicator

    existing = {i.code: i for i in Indicator.objects.filter(owner=None)}
    changed = 0
    for entry in entries():
        data = asdict(entry)
        fields = {
            "name_nb": data["names"][0],
            "name_nn": data["names"][1],
            "name_en": data["names"][2],
            "explanation_nb": data["explanations"][0],
            "explanation_nn": data["explanations"][1],
            "explanation_en": data["explanations"][2],
            "quality": entry.quality,
            "source": entry.source,
            "unit": entry.unit,
            "direction": entry.direction,
            "grades": list(entry.grades),
            "breaks": list(entry.breaks),
            "threshold": entry.threshold,
            "never_compare_group": entry.never_compare_group,
            "key": entry.key,
            "catalogue_version": VERSION,
        }
        current = existing.get(entry.code)
        if current is None:
            Indicator.objects.create(code=entry.code, **fields)
            changed += 1
        elif current.catalogue_version < VERSION:
            for name, value in fields.items():
                setattr(current, name, value)
            current.save()
            changed += 1
    return changed


def sync_after_migrate(**kwargs) -> None:
    sync_catalogue()
