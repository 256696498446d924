package io.payrecon.reconciler.console;

import org.springframework.web.bind.annotation.RequestMapping;

/**
 * Every console path no page answers: the console's 404 page ({@link ConsolePages}), for signed-in operators (the
 * security chain sends others to sign in first). The most general mapping, so every page's own mapping wins.
 */
@ConsoleController
class ConsoleNotFound {

    @RequestMapping("/console/**")
    String none() {
        throw new NotFound("There is no such page in the console.");
    }
}
