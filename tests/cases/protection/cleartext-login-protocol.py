"""Mail and file transfer: logins over cleartext flagged, TLS variants and anonymous mirrors not."""

import ftplib
import smtplib


def send_report(host, user, secret_from_vault, message):
    with smtplib.SMTP(host, 25) as server:  # expect: CWE-319
        server.login(user, secret_from_vault)
        server.send_message(message)


def upload(host, user, secret_from_vault, fh):
    ftp = ftplib.FTP(host)  # expect: CWE-319
    ftp.login(user, secret_from_vault)
    ftp.storbinary("STOR report.csv", fh)


def send_report_tls(host, user, secret_from_vault, message):
    with smtplib.SMTP(host, 587) as server:
        server.starttls()
        server.login(user, secret_from_vault)
        server.send_message(message)


def mirror_listing(host):
    ftp = ftplib.FTP(host)
    ftp.login()
    return ftp.nlst()


def upload_tls(host, user, secret_from_vault, fh):
    ftp = ftplib.FTP_TLS(host)
    ftp.login(user, secret_from_vault)
    ftp.prot_p()
    ftp.storbinary("STOR report.csv", fh)
