import subprocess

from current import current


def export(fmt):
    name = current().args.get("name", "report")  # the request, returned by another module's function
    subprocess.run("export --format %s --name %s" % (fmt, name), shell=True)  # expect: CWE-78


def import_rows(db, source=None):
    payload = source.get_json()  # a method of the request passed by keyword
    db.execute("INSERT INTO rows VALUES ('%s')" % payload["row"])  # expect: CWE-89
