package dev.herald.routes.console;

import java.util.Optional;

/**
 * Sessions that follow the user account: on every request the session's user is looked up again, so removing a
 * user ({@code herald users remove}) ends their sessions at once and a changed role applies from the next page on.
 * One primary-key read per request.
 */
final class AccountCheckedSessions implements ConsoleSessions {

    private final ConsoleSessions sessions;
    private final ConsoleUsers users;

    AccountCheckedSessions(ConsoleSessions sessions, ConsoleUsers users) {
        this.sessions = sessions;
        this.users = users;
    }

    @Override
    public ConsoleSession open(ConsoleUser user) {
        return sessions.open(user);
    }

    @Override
    public Optional<ConsoleSession> find(String id) {
        Optional<ConsoleSession> session = sessions.find(id);
        if (session.isEmpty()) {
            return session;
        }
        ConsoleSession s = session.get();
        Optional<ConsoleUser> now = users.find(s.user().name());
        if (now.isEmpty()) {
            sessions.close(s.id());
            return Optional.empty();
        }
        return now.get().equals(s.user()) ? session : Optional.of(new ConsoleSession(s.id(), now.get(), s.csrfToken()));
    }

    @Override
    public void close(String id) {
        sessions.close(id);
    }

    @Override
    public void closeAllOf(String userName, String keepId) {
        sessions.closeAllOf(userName, keepId);
    }
}
