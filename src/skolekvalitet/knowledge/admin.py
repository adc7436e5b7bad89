from django.contrib import admin

from .models import Area, Import, Indicator


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name_nb", "quality", "unit", "owner"]
    list_filter = ["quality", "unit", "owner"]
    search_fields = ["code", "name_nb", "name_nn"]


admin.site.register([Area, Import])
