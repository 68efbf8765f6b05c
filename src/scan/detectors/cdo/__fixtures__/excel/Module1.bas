Attribute VB_Name = "Module1"
Sub MailSheet()
    Dim iMsg As Object
    Dim iConf As Object
    Dim Flds As Variant
    Set iMsg = CreateObject("CDO.Message")
    Set iConf = CreateObject("CDO.Configuration")
    iConf.Load -1    ' CDO Source Defaults
    Set Flds = iConf.Fields
    With Flds
        .Item("http://schemas.microsoft.com/cdo/configuration/smtpusessl") = True
        .Item("http://schemas.microsoft.com/cdo/configuration/smtpauthenticate") = 1
        .Item("http://schemas.microsoft.com/cdo/configuration/sendusername") = "finance.contoso@gmail.com"
        .Item("http://schemas.microsoft.com/cdo/configuration/sendpassword") = _
            InputBox("Gmail password")
        .Item("http://schemas.microsoft.com/cdo/configuration/smtpserver") = "smtp.gmail.com"
        .Item("http://schemas.microsoft.com/cdo/configuration/sendusing") = 2
        .Item("http://schemas.microsoft.com/cdo/configuration/smtpserverport") = 465
        .Update
    End With
    With iMsg
        Set .Configuration = iConf
        .To = "controller@contoso.com"
        .From = """Finance"" <finance.contoso@gmail.com>"
        .Subject = "Monthly figures"
        .Send
    End With
End Sub
