INSTALLED_APPS = ["django.contrib.sessions"]
SESSION_COOKIE_AGE = 60 * 60 * 24 * 365  # expect: CWE-613
