package io.cellwatch.embedded;

import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.auth.parameter.TopicPermission;
import com.hivemq.extension.sdk.api.packets.auth.DefaultAuthorizationBehaviour;
import com.hivemq.extension.sdk.api.packets.auth.ModifiableDefaultPermissions;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.packets.connect.ConnectPacket;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import com.hivemq.extension.sdk.api.services.builder.Builders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;

/**
 * {@link MqttAccess} inside HiveMQ: an in-process extension whose authenticator checks the user
 * name and password of every CONNECT and gives the client its account's topic grants as default
 * permissions, with everything else denied.
 *
 * <p>What a client sees (HiveMQ CE 2025.5, MQTT v5, checked by {@code MqttAccessIT}): a refused
 * login gets CONNACK {@code 0x86 bad user name or password} (unknown user and wrong password alike;
 * the broker's log says which) or {@code 0x87 not authorized} without credentials; a subscription
 * outside its grants gets SUBACK {@code 0x87}; a publish outside its grants is not delivered to
 * anyone and HiveMQ answers it with a DISCONNECT {@code 0x87 not authorized}.
 */
final class MqttAccessExtension implements ExtensionMain {

    private static final Logger log = LoggerFactory.getLogger(MqttAccessExtension.class);

    private final MqttAccess access;

    private MqttAccessExtension(MqttAccess access) {
        this.access = access;
    }

    static EmbeddedExtension of(MqttAccess access) {
        return EmbeddedExtension.builder()
                .withId("cellwatch-mqtt-access")
                .withName("cellwatch MQTT access")
                .withVersion("1")
                .withAuthor("cellwatch")
                .withPriority(1000)
                .withStartPriority(1000)
                .withExtensionMain(new MqttAccessExtension(access))
                .build();
    }

    @Override
    public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
        SimpleAuthenticator authenticator = this::authenticate;
        Services.securityRegistry().setAuthenticatorProvider(providerInput -> authenticator);
        log.info("MQTT access control on: {} account(s) from {}", access.accounts(), access.source());
    }

    @Override
    public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
    }

    private void authenticate(SimpleAuthInput input, SimpleAuthOutput output) {
        ConnectPacket connect = input.getConnectPacket();
        String user = connect.getUserName().orElse(null);
        MqttAccess.Login login = access.login(user, connect.getPassword().map(MqttAccessExtension::bytes).orElse(null));
        if (!login.ok()) {
            log.warn("MQTT login refused for client '{}' user '{}': {}", connect.getClientId(), user, login.refusal());
            if (login.refusal() == MqttAccess.Refusal.NO_CREDENTIALS) {
                output.failAuthentication(ConnackReasonCode.NOT_AUTHORIZED, "user name and password required");
            } else {
                output.failAuthentication(ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD, "bad user name or password");
            }
            return;
        }
        ModifiableDefaultPermissions permissions = output.getDefaultPermissions();
        for (MqttAccess.Grant grant : login.account().grants()) {
            permissions.add(Builders.topicPermission()
                    .topicFilter(grant.topicFilter())
                    .activity(grant.activity() == MqttAccess.Activity.PUBLISH
                            ? TopicPermission.MqttActivity.PUBLISH : TopicPermission.MqttActivity.SUBSCRIBE)
                    .type(TopicPermission.PermissionType.ALLOW)
                    .sharedSubscription(TopicPermission.SharedSubscription.ALL)
                    .build());
        }
        permissions.setDefaultBehaviour(DefaultAuthorizationBehaviour.DENY);
        log.debug("MQTT client '{}' logged in as {} ({} of lab {})", connect.getClientId(), user,
                login.account().role(), login.account().lab());
        output.authenticateSuccessfully();
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] b = new byte[buffer.remaining()];
        buffer.duplicate().get(b);
        return b;
    }
}
