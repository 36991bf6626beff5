"""Session ids, reset codes and passwords from `random` are flagged; games, sampling and `secrets` are not."""

import random
import secrets
import string

from helpers.state import mysession


def shard_weights(shards):
    # Keys that are not names (shard numbers) say nothing about secrets, whatever the values are.
    return {1: random.random(), 2: random.random(), "jitter": random.uniform(0, 0.1)}


def remember_me(response, cookie):
    value = str(random.normalvariate(0, 1))[2:]  # expect: CWE-330
    mysession[cookie] = value
    response.set_cookie(cookie, secrets.token_urlsafe(16), secure=True, httponly=True)


def issue_reset(user):
    code = random.randint(100000, 999999)  # expect: CWE-330
    user.reset_code = f"{code:06d}"


def generate_password(length=12):
    chars = []
    for _ in range(length):
        chars.append(random.choice(string.ascii_letters))  # expect: CWE-330
    return "".join(chars)


def new_api_key(store, owner):
    store.save(owner=owner, api_key="%x" % random.getrandbits(128))  # expect: CWE-330


def roll_dice(sides=6):
    return random.randint(1, sides)


def sample_rows(rows):
    picked = random.sample(rows, 10)
    token_count = random.randint(1, 5)
    return picked, token_count


def secure_session(response, cookie):
    mysession[cookie] = str(secrets.randbelow(10**12))
    rng = random.SystemRandom()
    otp = rng.randint(100000, 999999)
    response.set_cookie(cookie, str(otp), secure=True, httponly=True)
