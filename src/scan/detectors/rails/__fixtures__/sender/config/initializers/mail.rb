require 'mail'

Mail.defaults do
  delivery_method :smtp, address: "smtp.gmail.com",
                         port: 465,
                         user_name: Rails.application.credentials.gmail_user,
                         password: Rails.application.credentials.dig(:gmail, :app_password),
                         ssl: true
end
