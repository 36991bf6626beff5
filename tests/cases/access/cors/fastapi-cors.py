"""Starlette's CORSMiddleware answers credentialed requests from any origin when allow_origins is '*' or a regex
matches everything; a listed origin or a strict regex is fine."""

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from starlette.applications import Starlette
from starlette.middleware import Middleware

app = FastAPI()
app.add_middleware(  # expect: CWE-942
    CORSMiddleware,
    allow_origins=["*"],
    allow_credentials=True,
    allow_methods=["*"],
)

admin = FastAPI()
admin.add_middleware(CORSMiddleware, allow_origin_regex=".*", allow_credentials=True)  # expect: CWE-942

partner = FastAPI()
partner.add_middleware(CORSMiddleware, allow_origins=["https://partner.example.com"], allow_credentials=True)
partner.add_middleware(CORSMiddleware, allow_origin_regex=r"https://[a-z]+\.example\.com", allow_credentials=True)

open_data = Starlette(middleware=[Middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET"])])
