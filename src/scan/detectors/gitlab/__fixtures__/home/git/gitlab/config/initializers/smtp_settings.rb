# To enable smtp email delivery for your GitLab instance do next: 
# 1. Change config/environments/production.rb to use smtp
#    config.action_mailer.delivery_method = :smtp
# 2. Rename this file to smtp_settings.rb
# 3. Edit settings inside this file
# 4. Restart GitLab instance
#
if Gitlab::Application.config.action_mailer.delivery_method == :smtp
  ActionMailer::Base.smtp_settings = {
    :address => "10.20.0.25",
    :port => 25,
    # :user_name => "gitlab",
    # :password => "R365CANARY-gitlab-old",
    :domain => "gitlab.contoso.local",
    :enable_starttls_auto => false,
    :openssl_verify_mode => 'none'
  }
end
