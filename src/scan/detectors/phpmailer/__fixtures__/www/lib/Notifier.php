<?php
declare(strict_types=1);

namespace Contoso\Shop;

use PHPMailer\PHPMailer\PHPMailer;

require_once __DIR__ . '/../config.php';

/**
 * Order notifications. SMTP settings come from config.php and the environment.
 */
final class Notifier
{
    private PHPMailer $mail;

    public function __construct()
    {
        $this->mail = new PHPMailer(true);
        $this->mail->isSMTP();
        $this->mail->Host = SMTP_HOST;
        $this->mail->Port = getenv('SMTP_PORT') ?: 587;
        $this->mail->SMTPAuth = true;
        $this->mail->Username = getenv('SMTP_USER');
        $this->mail->Password = getenv('SMTP_PASS');
        $this->mail->SMTPSecure = 'tls';
        $this->mail->From = 'orders@contoso.com';
        $this->mail->FromName = 'Contoso Shop';
    }

    public function send(string $to, string $subject, string $body): void
    {
        $this->mail->clearAddresses();
        $this->mail->addAddress($to);
        $this->mail->Subject = $subject;
        $this->mail->Body = $body;
        $this->mail->send();
    }
}
