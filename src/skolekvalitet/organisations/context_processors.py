"""Navigation by role: the owners and schools the person may open."""

from . import access


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"nav_owners": [(o, access.is_owner_admin(user, o)) for o in access.owners_for(user)]}
