; Field Kit installer for Windows (makensis 3.x, 64-bit, Unicode).
; makensis -DVERSION=... -DEXE=path\to\fieldkit.exe -DOUTFILE=... fieldkit.nsi
;
; Installs fieldkit.exe, registers the "fieldkit" Windows service (data in
; %ProgramData%\FieldKit, restarted on failure), opens the firewall for
; the kit only when LAN mode is chosen, and puts a "Field Kit" shortcut
; that opens the UI. Installing over an older version stops the service,
; replaces the program and starts it again: the data stays and the new
; version migrates it on start.
Unicode true
Target amd64-unicode
RequestExecutionLevel admin
SetCompressor /SOLID lzma

!ifndef VERSION
  !define VERSION "0.0.0"
!endif
!ifndef EXE
  !define EXE "fieldkit.exe"
!endif
!ifndef OUTFILE
  !define OUTFILE "FieldKit-Setup.exe"
!endif
!define PORT 8080
!define UNINSTKEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\FieldKit"

Name "Field Kit ${VERSION}"
OutFile "${OUTFILE}"
InstallDir "$PROGRAMFILES64\FieldKit"
InstallDirRegKey HKLM "Software\FieldKit" "InstallDir"
ShowInstDetails show

!include "LogicLib.nsh"
!include "x64.nsh"
!include "FileFunc.nsh"

Var LanMode
Var Addr

Page directory
Page instfiles
UninstPage uninstConfirm
UninstPage instfiles

Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_ICONSTOP "Field Kit needs 64-bit Windows." /SD IDOK
    Abort
  ${EndIf}
  SetRegView 64
  ; /LAN on the command line chooses LAN mode in a silent install.
  StrCpy $LanMode "0"
  ${GetParameters} $0
  ClearErrors
  ${GetOptions} $0 "/LAN" $1
  ${IfNot} ${Errors}
    StrCpy $LanMode "1"
  ${Else}
    MessageBox MB_YESNO|MB_ICONQUESTION "Let phones and tablets on this office's Wi-Fi use Field Kit?$\r$\n$\r$\nChoose No if only this computer will use it." /SD IDNO IDNO +2
    StrCpy $LanMode "1"
  ${EndIf}
FunctionEnd

Section "Field Kit" SecMain
  SetShellVarContext all
  SetOutPath "$INSTDIR"
  ; An upgrade: stop the running service before replacing the program.
  ${If} ${FileExists} "$INSTDIR\fieldkit.exe"
    DetailPrint "Stopping the running Field Kit..."
    nsExec::ExecToLog '"$INSTDIR\fieldkit.exe" service stop'
    Pop $0
    nsExec::ExecToLog '"$INSTDIR\fieldkit.exe" service uninstall'
    Pop $0
    Sleep 2000
  ${EndIf}
  File "/oname=fieldkit.exe" "${EXE}"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  ${If} $LanMode == "1"
    StrCpy $Addr "0.0.0.0:${PORT}"
  ${Else}
    StrCpy $Addr "127.0.0.1:${PORT}"
  ${EndIf}
  DetailPrint "Registering the Field Kit service (data in %ProgramData%\FieldKit)..."
  nsExec::ExecToLog '"$INSTDIR\fieldkit.exe" service install --addr $Addr'
  Pop $0
  ${If} $0 != "0"
    MessageBox MB_ICONEXCLAMATION "The Field Kit service could not be registered (code $0)." /SD IDOK
  ${EndIf}

  ; Remove any rule of a previous install, then add one only in LAN mode.
  nsExec::ExecToLog 'netsh advfirewall firewall delete rule name="Field Kit"'
  Pop $0
  ${If} $LanMode == "1"
    nsExec::ExecToLog 'netsh advfirewall firewall add rule name="Field Kit" dir=in action=allow protocol=TCP localport=${PORT} profile=private,domain program="$INSTDIR\fieldkit.exe"'
    Pop $0
  ${EndIf}

  nsExec::ExecToLog '"$INSTDIR\fieldkit.exe" service start'
  Pop $0

  ; The shortcut opens the UI in the browser.
  WriteINIStr "$DESKTOP\Field Kit.url" "InternetShortcut" "URL" "http://127.0.0.1:${PORT}/"
  CreateDirectory "$SMPROGRAMS\Field Kit"
  WriteINIStr "$SMPROGRAMS\Field Kit\Field Kit.url" "InternetShortcut" "URL" "http://127.0.0.1:${PORT}/"
  CreateShortCut "$SMPROGRAMS\Field Kit\Uninstall Field Kit.lnk" "$INSTDIR\uninstall.exe"

  WriteRegStr HKLM "Software\FieldKit" "InstallDir" "$INSTDIR"
  WriteRegStr HKLM "${UNINSTKEY}" "DisplayName" "Field Kit"
  WriteRegStr HKLM "${UNINSTKEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINSTKEY}" "Publisher" "Da Nang Field Kit"
  WriteRegStr HKLM "${UNINSTKEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegDWORD HKLM "${UNINSTKEY}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINSTKEY}" "NoRepair" 1
SectionEnd

Section "Uninstall"
  SetShellVarContext all
  SetRegView 64
  nsExec::ExecToLog '"$INSTDIR\fieldkit.exe" service stop'
  Pop $0
  nsExec::ExecToLog '"$INSTDIR\fieldkit.exe" service uninstall'
  Pop $0
  nsExec::ExecToLog 'netsh advfirewall firewall delete rule name="Field Kit"'
  Pop $0
  Delete "$DESKTOP\Field Kit.url"
  RMDir /r "$SMPROGRAMS\Field Kit"
  Delete "$INSTDIR\fieldkit.exe"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKLM "${UNINSTKEY}"
  DeleteRegKey HKLM "Software\FieldKit"
  ; The dossiers in %ProgramData%\FieldKit are kept on purpose.
SectionEnd
