import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  CreateGroupCommand,
  DescribeUserPoolCommand,
  GetGroupCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';

/**
 * The coordinators' accounts: a user per e-mail address, in groups (`tenant:<id>`, `beheerder`).
 * Every operation is safe to repeat: an existing user or group is no error.
 */
export interface UserDirectory {
  /** The pool's name; fails when the pool cannot be reached (the caller says why, in Dutch). */
  describe(): Promise<{ name: string }>;
  /** Creates the group unless it exists. @returns true when it was created now */
  ensureGroup(group: string): Promise<boolean>;
  /** Creates the user, invited by mail with a temporary password. @returns false when the address already had an account */
  createUser(user: { email: string; name?: string }): Promise<boolean>;
  /** Puts the user in the group; a member already is left as is. */
  addToGroup(email: string, group: string): Promise<void>;
}

const named = (error: unknown, name: string) => (error as { name?: string } | null)?.name === name;

/** The user pool of the stack (or of cognito-local), through the modular SDK client. */
export class CognitoUserDirectory implements UserDirectory {
  constructor(
    private readonly client: CognitoIdentityProviderClient,
    readonly userPoolId: string,
  ) {}

  async describe(): Promise<{ name: string }> {
    const { UserPool } = await this.client.send(new DescribeUserPoolCommand({ UserPoolId: this.userPoolId }));
    return { name: UserPool?.Name ?? this.userPoolId };
  }

  async ensureGroup(group: string): Promise<boolean> {
    // Looked up first: a CreateGroup that overwrote an existing group (cognito-local does) would drop its members.
    try {
      await this.client.send(new GetGroupCommand({ UserPoolId: this.userPoolId, GroupName: group }));
      return false;
    } catch (error) {
      if (!named(error, 'ResourceNotFoundException')) throw error;
    }
    try {
      await this.client.send(new CreateGroupCommand({ UserPoolId: this.userPoolId, GroupName: group }));
      return true;
    } catch (error) {
      if (named(error, 'GroupExistsException')) return false; // made meanwhile by someone else
      throw error;
    }
  }

  async createUser(user: { email: string; name?: string }): Promise<boolean> {
    try {
      await this.client.send(
        new AdminCreateUserCommand({
          UserPoolId: this.userPoolId,
          Username: user.email,
          UserAttributes: [
            { Name: 'email', Value: user.email },
            // The administrator vouches for the address: the invitation and password resets go there.
            { Name: 'email_verified', Value: 'true' },
            ...(user.name ? [{ Name: 'name', Value: user.name }] : []),
          ],
          DesiredDeliveryMediums: ['EMAIL'],
        }),
      );
      return true;
    } catch (error) {
      if (named(error, 'UsernameExistsException')) return false;
      throw error;
    }
  }

  async addToGroup(email: string, group: string): Promise<void> {
    await this.client.send(new AdminAddUserToGroupCommand({ UserPoolId: this.userPoolId, Username: email, GroupName: group }));
  }
}
