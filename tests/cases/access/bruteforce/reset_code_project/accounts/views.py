"""Password reset by a six-digit code mailed to the user; nothing limits how often a code may be tried."""
import secrets

from django.contrib.auth.models import User
from django.http import HttpResponse
from django.shortcuts import redirect

from .models import Profile


def forgot_password(request):
    user = User.objects.get(email=request.POST["email"])
    user.profile.reset_code = f"{secrets.randbelow(10 ** 6):06d}"
    user.profile.save()
    return HttpResponse("Check your mail")


def reset_password(request):
    code = request.POST.get("reset_code")
    profile = Profile.objects.get(reset_code=code)  # expect: CWE-307
    profile.user.set_password(request.POST["new_password"])
    profile.user.save()
    return redirect("/login/")
