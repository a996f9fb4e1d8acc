package io.progressrelay.bootstrap.cli;

import io.progressrelay.adapter.in.web.auth.JwtIssuer;
import io.progressrelay.bootstrap.config.AppConfig;
import io.progressrelay.bootstrap.config.AppConfigLoader;
import io.progressrelay.bootstrap.config.ConfigException;
import io.progressrelay.bootstrap.config.DurationText;
import io.progressrelay.domain.InvalidValueException;
import io.progressrelay.domain.Role;
import io.progressrelay.domain.UserId;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Prints a token signed with the configured HS256 secret, so the API can be tried at once. */
@Command(
    name = "token",
    mixinStandardHelpOptions = true,
    description =
        "Print a JWT for a user, signed with RELAY_JWT_SECRET (or the development secret).")
public final class TokenCommand implements Callable<Integer> {
  private final Map<String, String> environment;

  @Spec CommandSpec spec;

  @Option(names = "--user", required = true, description = "The user id (the token's sub).")
  String user;

  @Option(names = "--role", description = "A role to grant: admin or service. Repeat for several.")
  List<String> roles = List.of();

  @Option(
      names = "--ttl",
      defaultValue = "1h",
      description = "How long the token is valid, e.g. 15m, 1h, 7d (default: ${DEFAULT-VALUE}).")
  String ttl;

  public TokenCommand(Map<String, String> environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() {
    AppConfig config = AppConfigLoader.load(environment);
    byte[] secret =
        config
            .jwt()
            .secret()
            .orElseThrow(
                () ->
                    new ConfigException(
                        "RELAY_JWT_PUBLIC_KEY",
                        "tokens can only be minted with an HS256 secret (RELAY_JWT_SECRET); a public"
                            + " key verifies tokens but cannot sign them"));
    String token = new JwtIssuer(secret).issue(userId(), roles(), duration());
    spec.commandLine().getOut().println(token);
    return 0;
  }

  private UserId userId() {
    try {
      return UserId.parse("--user", user);
    } catch (InvalidValueException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  private Set<Role> roles() {
    Set<Role> parsed = EnumSet.noneOf(Role.class);
    for (String role : roles) {
      parsed.add(
          Role.fromClaim(role)
              .orElseThrow(
                  () ->
                      new ParameterException(
                          spec.commandLine(),
                          "--role must be admin or service, got '" + role + "'")));
    }
    return parsed;
  }

  private Duration duration() {
    return DurationText.parse(ttl)
        .filter(d -> !d.isNegative() && !d.isZero())
        .orElseThrow(
            () ->
                new ParameterException(
                    spec.commandLine(),
                    "--ttl must be a positive duration such as 15m, 1h or 7d, got '" + ttl + "'"));
  }
}
