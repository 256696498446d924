package io.payrecon.reconciler.console;

import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The sign-in form; Spring Security takes its {@code POST} (access.ConsoleSecurity). */
@ConsoleController
class SignInPage {

    @GetMapping("/console/sign-in")
    String signIn(
            @RequestParam(name = "error", required = false) String error,
            @RequestParam(name = "signed-out", required = false) String signedOut,
            Model model) {
        model.addAttribute(
                "error",
                error == null
                        ? null
                        : "too-many".equals(error)
                                ? "Too many failed sign-ins for this name or from this address: wait a few minutes and try again."
                                : "Unknown operator name or key");
        model.addAttribute("signedOut", signedOut != null);
        return "console/sign-in";
    }
}
