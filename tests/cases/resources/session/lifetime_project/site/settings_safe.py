INSTALLED_APPS = ["django.contrib.sessions"]
SESSION_COOKIE_AGE = 1209600
