"""The Telegram front end: a thin layer over ``deshevle.service.Deshevle``."""
