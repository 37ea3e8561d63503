package org.aegis.example.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.aegis.api.model.ChatCompletion;
import org.aegis.api.model.ChatMessage;
import org.aegis.api.model.ModelException.Reason;
import org.aegis.api.model.ModelException;
import org.aegis.testing.FakeModelRouter;
import org.junit.jupiter.api.Test;

/** The action called directly, as Karaf would after injecting its options and router. */
class AskCommandTest {

    private static AskCommand command(FakeModelRouter router, String... prompt) {
        AskCommand command = new AskCommand();
        command.router = router;
        command.prompt = List.of(prompt);
        return command;
    }

    private static FakeModelRouter answering(String reply) {
        return new FakeModelRouter(request -> CompletableFuture.completedFuture(
                new ChatCompletion(request.model(), new ChatMessage("assistant", reply), "stop", 3, 1)));
    }

    @Test
    void asksTheChosenModelAndReturnsTheAnswerForTheConsoleToPrint() throws Exception {
        FakeModelRouter router = answering("A blackguard whose faulty vision sees things as they are.");
        AskCommand ask = command(router, "What", "is", "a", "cynic?");
        ask.model = "aegis-local-char";
        ask.maxTokens = 40;

        assertEquals("A blackguard whose faulty vision sees things as they are.", ask.execute());
        assertEquals("aegis-local-char", router.chats().get(0).model());
        assertEquals(List.of(new ChatMessage("user", "What is a cynic?")), router.chats().get(0).messages());
        assertEquals(40, router.chats().get(0).maxTokens());
    }

    @Test
    void withoutAModelTheNodesDefaultAnswers() throws Exception {
        FakeModelRouter router = answering("hi");
        command(router, "hello").execute();
        assertEquals(AskCommand.DEFAULT_MODEL, router.chats().get(0).model());
    }

    @Test
    void aModelFailureIsThrownWithItsReasonSoTheClientExitsNonZero() {
        AskCommand ask = command(new FakeModelRouter(request -> CompletableFuture.failedFuture(
                new ModelException(Reason.MODEL_NOT_FOUND, "no provider serves gpt-9"))), "hi");
        ask.model = "gpt-9";

        IllegalStateException failure = assertThrows(IllegalStateException.class, ask::execute);
        assertEquals("gpt-9: MODEL_NOT_FOUND: no provider serves gpt-9", failure.getMessage());
        assertInstanceOf(ModelException.class, failure.getCause());
    }

    @Test
    void noAnswerInTimeIsAFailureAndCancelsTheRequest() {
        CompletableFuture<ChatCompletion> never = new CompletableFuture<>();
        AskCommand ask = command(new FakeModelRouter(request -> never), "hi");
        ask.timeoutSeconds = 1;

        assertTrue(assertThrows(IllegalStateException.class, ask::execute).getMessage().contains("within 1 s"));
        assertTrue(never.isCancelled());
    }

    @Test
    void badInputIsRefusedBeforeTheRouterIsAsked() {
        FakeModelRouter router = answering("unused");
        AskCommand blank = command(router, " ", "");
        AskCommand noTokens = command(router, "hi");
        noTokens.maxTokens = 0;
        AskCommand noTime = command(router, "hi");
        noTime.timeoutSeconds = 0;
        AskCommand noModel = command(router, "hi");
        noModel.model = " ";

        for (AskCommand bad : List.of(blank, noTokens, noTime, noModel)) {
            assertThrows(IllegalArgumentException.class, bad::execute);
        }
        assertTrue(router.chats().isEmpty());
    }

    @Test
    void withoutARouterItSaysWhichFeatureBringsOne() {
        AskCommand ask = command(null, "hi");
        assertTrue(assertThrows(IllegalStateException.class, ask::execute).getMessage().contains("aegis-models"));
    }
}
