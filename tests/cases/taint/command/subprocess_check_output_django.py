"""Django ops view: disk usage of a folder named in the POST body, run through the shell."""

import subprocess

from django.http import JsonResponse
from django.views import View


class DiskUsageView(View):
    def post(self, request):
        folder = request.POST["folder"]
        cmd = "du -sh /srv/media/%s" % folder
        output = subprocess.check_output(cmd, shell=True, text=True)  # expect: CWE-78
        return JsonResponse({"usage": output.split()[0]})
