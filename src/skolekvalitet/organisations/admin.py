from django.contrib import admin

from .models import Membership, Owner, Person, School

admin.site.register([Owner, School, Membership])


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "email", "is_active", "is_demo"]
    search_fields = ["name", "email"]
    exclude = ["password"]
