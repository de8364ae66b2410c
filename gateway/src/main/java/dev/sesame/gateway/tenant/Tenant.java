package dev.sesame.gateway.tenant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An account: the 12-digit id in every ARN, its home region, sandbox flag and sending quotas. */
@Entity
@Table(name = "tenant")
public class Tenant {

    @Id
    @Column(length = 12)
    public String accountId;

    @Column(nullable = false, unique = true)
    public String name;

    @Column(nullable = false)
    public String region;

    public boolean sandbox;

    /** Recipients per rolling 24 hours; -1 is unlimited. */
    public double max24HourSend;

    /** Recipients per second; -1 is unlimited. */
    public double maxSendRate;

    @Column(nullable = false)
    public Instant createdAt;

    /** A suspended tenant's SES calls are refused; what it sent before goes on being delivered. */
    @Column(columnDefinition = "boolean not null default false")
    public boolean suspended;
}
