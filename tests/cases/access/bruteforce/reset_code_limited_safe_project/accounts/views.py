"""Password reset by a mailed code, tried at most five times a minute per client."""
import secrets

from django.contrib.auth.models import User
from django.http import HttpResponse
from django.shortcuts import redirect
from django_ratelimit.decorators import ratelimit

from .models import Profile


def forgot_password(request):
    user = User.objects.get(email=request.POST["email"])
    user.profile.reset_code = f"{secrets.randbelow(10 ** 6):06d}"
    user.profile.save()
    return HttpResponse("Check your mail")


@ratelimit(key="ip", rate="5/m", block=True)
def reset_password(request):
    code = request.POST.get("reset_code")
    profile = Profile.objects.get(reset_code=code)
    profile.user.set_password(request.POST["new_password"])
    profile.user.save()
    return redirect("/login/")
