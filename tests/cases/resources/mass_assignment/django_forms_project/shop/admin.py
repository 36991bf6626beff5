from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .forms import StaffUserForm


class UserAdmin(BaseUserAdmin):
    form = StaffUserForm
