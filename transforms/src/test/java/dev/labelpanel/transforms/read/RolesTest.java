package dev.labelpanel.transforms.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.labelpanel.transforms.failures.FailureCategory;
import dev.labelpanel.transforms.failures.InvalidRecordException;
import java.util.List;
import org.junit.jupiter.api.Test;

class RolesTest {
    @Test
    void everySpeakerNameMapsToItsRoleCaseInsensitively() throws Exception {
        for (String name : List.of("user", " Human ")) {
            assertEquals(Roles.USER, Roles.of(name, "from"));
        }
        for (String name : List.of("bot", "ASSISTANT", "gpt", "chatgpt", "model", "bard", "bing")) {
            assertEquals(Roles.BOT, Roles.of(name, "from"));
        }
        for (String name : List.of("system", "developer", "tool", "Function")) {
            assertEquals(Roles.SYSTEM, Roles.of(name, "from"));
        }
    }

    @Test
    void anUnknownSpeakerIsAnUnknownRole() {
        InvalidRecordException e = assertThrows(InvalidRecordException.class, () -> Roles.of("narrator", "from"));
        assertEquals(FailureCategory.UNKNOWN_ROLE, e.category());
    }
}
