"""Customer uploads and the back-office tools: downloads, archives, catalogue imports, exports."""

import subprocess

import yaml
from flask import Blueprint, abort, g, jsonify, request, send_file

import auth
import config
import db
import storage

bp = Blueprint("files", __name__)


@bp.get("/files/download")
def download():
    name = request.args["name"]
    path = storage.upload_path(name)
    return send_file(path)


@bp.get("/files/view")
def view():
    path = storage.safe_upload_path(request.args["name"])
    return send_file(path)


@bp.post("/admin/archive")
def archive():
    auth.require_admin(g.user)
    label = request.form["label"]
    subprocess.run(f"tar czf {config.BACKUP_DIR}/{label}.tgz {config.UPLOAD_DIR}", shell=True, check=True)
    return jsonify(archived=label)


@bp.post("/admin/compress")
def compress():
    auth.require_staff(g.user)
    path = storage.safe_upload_path(request.form["name"])
    subprocess.run(["gzip", "--keep", "--", path], check=True)
    return jsonify(compressed=path)


@bp.post("/admin/import")
def import_catalog():
    auth.require_staff(g.user)
    items = yaml.load(request.get_data(), Loader=yaml.Loader)
    _store_products(items)
    return jsonify(imported=len(items))


@bp.post("/admin/import-prices")
def import_prices():
    auth.require_staff(g.user)
    prices = yaml.safe_load(request.get_data())
    with db.cursor() as cur:
        for sku, price in prices.items():
            cur.execute("UPDATE products SET price = %s WHERE sku = %s", (price, sku))
    return jsonify(updated=len(prices))


@bp.get("/admin/export")
def export():
    auth.require_staff(g.user)
    with db.cursor() as cur:
        cur.execute("SELECT sku, name, price FROM products ORDER BY sku")
        rows = cur.fetchall()
    if request.args.get("format") == "json":
        return send_file(storage.export_json(rows), as_attachment=True)
    return send_file(storage.export_csv(rows), as_attachment=True)


def _store_products(items) -> None:
    with db.cursor() as cur:
        for item in items:
            cur.execute(
                "INSERT INTO products (sku, name, price) VALUES (%s, %s, %s)",
                (item["sku"], item["name"], item["price"]),
            )
