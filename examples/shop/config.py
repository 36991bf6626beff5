"""Settings for the shop service, read once at start-up from the environment.

Deployments set these through the container environment; nothing secret lives in the source tree.
"""

import os

SECRET_KEY = os.environ.get("SHOP_SECRET_KEY", "")
DB_HOST = os.environ.get("SHOP_DB_HOST", "localhost")
UPLOAD_DIR = os.environ.get("SHOP_UPLOAD_DIR", "/srv/shop/uploads")
EXPORT_DIR = os.environ.get("SHOP_EXPORT_DIR", "/srv/shop/exports")
BACKUP_DIR = os.environ.get("SHOP_BACKUP_DIR", "/var/backups/shop")

# Shared secrets for signed callbacks from the payment provider and from partners.
WEBHOOK_SECRET = os.environ.get("SHOP_WEBHOOK_SECRET", "").encode()
PARTNER_SECRET = os.environ.get("SHOP_PARTNER_SECRET", "").encode()

# Hosts that merchants may register as webhook targets.
ALLOWED_WEBHOOK_HOSTS = frozenset({"hooks.example.com", "status.example.com"})

PAGE_SIZE = 20
