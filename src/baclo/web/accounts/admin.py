from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from baclo.web.accounts.models import User


@admin.register(User)
class BacloUserAdmin(UserAdmin):
    list_display = ("username", "email", "role", "language", "is_active", "date_joined")
    list_filter = ("role", "is_active", "is_staff")
    fieldsets = (*UserAdmin.fieldsets, ("baclo", {"fields": ("role", "language")}))
