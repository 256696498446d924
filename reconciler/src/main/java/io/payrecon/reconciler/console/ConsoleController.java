package io.payrecon.reconciler.console;

import io.swagger.v3.oas.annotations.Hidden;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.stereotype.Controller;

/**
 * A controller of console pages: HTML under {@code /console}, with the layout's model ({@link ConsolePages}) and the
 * console's error pages; left out of the OpenAPI document (it is no API).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Controller
@Hidden
public @interface ConsoleController {}
