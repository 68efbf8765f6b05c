<!--METADATA TYPE="typelib" UUID="CD000000-8B95-11D1-82DB-00C04FB1625D" NAME="CDO for Windows 2000 Library" -->
<%@ Language=VBScript %>
<%
Option Explicit
Dim objMail, objConf, Flds
Set objMail = Server.CreateObject("CDO.Message")
Set objConf = Server.CreateObject("CDO.Configuration")
Set Flds = objConf.Fields
With Flds
  .Item(cdoSendUsingMethod) = cdoSendUsingPort
  .Item(cdoSMTPServer) = "mail.contoso.local"
  .Item(cdoSMTPServerPort) = 25
  .Item(cdoSMTPAuthenticate) = cdoNTLM
  .Update
End With
Set objMail.Configuration = objConf
objMail.From = "website@contoso.com"
objMail.To = "sales@contoso.com"
objMail.Subject = "Contact form: " & Request.Form("subject")
objMail.TextBody = Request.Form("message")
objMail.Send
Set objMail = Nothing
%>
<html><body><p>Thank you, we will be in touch.</p></body></html>
