from flask import Flask
from flask_mail import Mail

app = Flask(__name__)
app.config.update(MAIL_SERVER='smtp.live.com', MAIL_PORT=465, MAIL_USE_SSL=True,
                  MAIL_USERNAME='shop-notify@hotmail.com', MAIL_PASSWORD='R365CANARY-django-flask')
mail = Mail(app)
