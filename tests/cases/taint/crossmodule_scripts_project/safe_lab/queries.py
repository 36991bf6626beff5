from orderdb import *
