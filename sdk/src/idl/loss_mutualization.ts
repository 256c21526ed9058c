// Generated from idl/loss_mutualization.json by scripts/gen-idl-types.mjs. Do not edit.
export type LossMutualization = {
  "address": "Di3UDXSCj6LcP92k42SkGQHciEjS6hQ7Dyd6RTPFgupr",
  "metadata": {
    "name": "lossMutualization",
    "version": "0.1.0",
    "spec": "0.1.0",
    "description": "Loss mutualization for derivatives exchanges: insurance fund, proportional clawback, principal haircut"
  },
  "instructions": [
    {
      "name": "applyChange",
      "discriminator": [
        248,
        177,
        9,
        41,
        50,
        98,
        255,
        50
      ],
      "accounts": [
        {
          "name": "authority",
          "signer": true
        },
        {
          "name": "market",
          "writable": true,
          "relations": [
            "pendingChange"
          ]
        },
        {
          "name": "insuranceFund",
          "writable": true,
          "relations": [
            "market"
          ]
        },
        {
          "name": "pendingChange",
          "writable": true
        },
        {
          "name": "proposer",
          "writable": true,
          "relations": [
            "pendingChange"
          ]
        }
      ],
      "args": []
    },
    {
      "name": "applyPnl",
      "discriminator": [
        61,
        10,
        212,
        253,
        72,
        113,
        238,
        25
      ],
      "accounts": [
        {
          "name": "clearingAuthority",
          "signer": true,
          "relations": [
            "market"
          ]
        },
        {
          "name": "market",
          "writable": true,
          "relations": [
            "winner",
            "loser"
          ]
        },
        {
          "name": "winner",
          "writable": true
        },
        {
          "name": "loser",
          "writable": true
        }
      ],
      "args": [
        {
          "name": "args",
          "type": {
            "defined": {
              "name": "applyPnlArgs"
            }
          }
        }
      ]
    },
    {
      "name": "cancelChange",
      "discriminator": [
        100,
        30,
        4,
        148,
        3,
        244,
        243,
        168
      ],
      "accounts": [
        {
          "name": "authority",
          "signer": true
        },
        {
          "name": "market",
          "writable": true,
          "relations": [
            "pendingChange"
          ]
        },
        {
          "name": "insuranceFund",
          "writable": true,
          "relations": [
            "market"
          ]
        },
        {
          "name": "pendingChange",
          "writable": true
        },
        {
          "name": "proposer",
          "writable": true,
          "relations": [
            "pendingChange"
          ]
        }
      ],
      "args": []
    },
    {
      "name": "cancelUnstake",
      "discriminator": [
        64,
        65,
        53,
        227,
        125,
        153,
        3,
        167
      ],
      "accounts": [
        {
          "name": "staker",
          "signer": true,
          "relations": [
            "stake"
          ]
        },
        {
          "name": "market"
        },
        {
          "name": "insuranceFund",
          "relations": [
            "market"
          ]
        },
        {
          "name": "stake",
          "writable": true
        }
      ],
      "args": []
    },
    {
      "name": "deposit",
      "discriminator": [
        242,
        35,
        198,
        137,
        82,
        225,
        242,
        182
      ],
      "accounts": [
        {
          "name": "owner",
          "signer": true,
          "relations": [
            "position"
          ]
        },
        {
          "name": "market",
          "writable": true,
          "relations": [
            "position"
          ]
        },
        {
          "name": "position",
          "writable": true
        },
        {
          "name": "collateralMint",
          "docs": [
            "against the token accounts and its decimals (`token::CollateralMint`)."
          ],
          "relations": [
            "market"
          ]
        },
        {
          "name": "collateralVault",
          "docs": [
            "owns; read through `token::TokenAccountView`."
          ],
          "writable": true,
          "relations": [
            "market"
          ]
        },
        {
          "name": "ownerTokenAccount",
          "docs": [
            "of a deposit (the owner signs the transfer) or the destination of a withdrawal (any account",
            "the owner names; the owner signs the withdrawal)."
          ],
          "writable": true
        },
        {
          "name": "tokenProgram"
        }
      ],
      "args": [
        {
          "name": "args",
          "type": {
            "defined": {
              "name": "depositArgs"
            }
          }
        }
      ]
    },
    {
      "name": "fundInsurance",
      "discriminator": [
        58,
        216,
        37,
        162,
        201,
        50,
        20,
        66
      ],
      "accounts": [
        {
          "name": "payer",
          "writable": true,
          "signer": true
        },
        {
          "name": "market"
        },
        {
          "name": "insuranceFund",
          "writable": true,
          "relations": [
            "market"
          ]
        },
        {
          "name": "insuranceVault",
          "writable": true
        },
        {
          "name": "collateralMint",
          "docs": [
            "against the token accounts and its decimals (`token::CollateralMint`)."
          ],
          "relations": [
            "market"
          ]
        },
        {
          "name": "payerTokenAccount",
          "docs": [
            "(`token::check_wallet_token_account` in `validate_amount`)."
          ],
          "writable": true
        },
        {
          "name": "tokenProgram"
        }
      ],
      "args": [
        {
          "name": "args",
          "type": {
            "defined": {
              "name": "insuranceDepositArgs"
            }
          }
        }
      ]
    },
    {
      "name": "initializeMarket",
      "discriminator": [
        35,
        35,
        189,
        193,
        155,
        48,
        170,
        203
      ],
      "accounts": [
        {
          "name": "admin",
          "docs": [
            "Pays for the accounts and becomes the admin. The market's address is keyed by this key",
            "(`[\"market\", mint, admin, market_id]`): nobody else can take the address a user derives",
            "from the operator's key, mint and id."
          ],
          "writable": true,
          "signer": true
        },
        {
          "name": "collateralMint"
        },
        {
          "name": "market",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  109,
                  97,
                  114,
                  107,
                  101,
                  116
                ]
              },
              {
                "kind": "account",
                "path": "collateralMint"
              },
              {
                "kind": "account",
                "path": "admin"
              },
              {
                "kind": "arg",
                "path": "args.marketId"
              }
            ]
          }
        },
        {
          "name": "collateralVault",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  99,
                  111,
                  108,
                  108,
                  97,
                  116,
                  101,
                  114,
                  97,
                  108,
                  95,
                  118,
                  97,
                  117,
                  108,
                  116
                ]
              },
              {
                "kind": "account",
                "path": "market"
              }
            ]
          }
        },
        {
          "name": "insuranceFund",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  105,
                  110,
                  115,
                  117,
                  114,
                  97,
                  110,
                  99,
                  101,
                  95,
                  102,
                  117,
                  110,
                  100
                ]
              },
              {
                "kind": "account",
                "path": "market"
              }
            ]
          }
        },
        {
          "name": "insuranceVault",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  105,
                  110,
                  115,
                  117,
                  114,
                  97,
                  110,
                  99,
                  101,
                  95,
                  118,
                  97,
                  117,
                  108,
                  116
                ]
              },
              {
                "kind": "account",
                "path": "market"
              }
            ]
          }
        },
        {
          "name": "tokenProgram"
        },
        {
          "name": "systemProgram",
          "address": "11111111111111111111111111111111"
        }
      ],
      "args": [
        {
          "name": "args",
          "type": {
            "defined": {
              "name": "initializeMarketArgs"
            }
          }
        }
      ]
    },
    {
      "name": "openPosition",
      "discriminator": [
        135,
        128,
        47,
        77,
        15,
        152,
        240,
        49
      ],
      "accounts": [
        {
          "name": "owner",
          "writable": true,
          "signer": true
        },
        {
          "name": "market",
          "writable": true
        },
        {
          "name": "position",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  112,
                  111,
                  115,
                  105,
                  116,
                  105,
                  111,
                  110
                ]
              },
              {
                "kind": "account",
                "path": "market"
              },
              {
                "kind": "account",
                "path": "owner"
              }
            ]
          }
        },
        {
          "name": "systemProgram",
          "address": "11111111111111111111111111111111"
        }
      ],
      "args": []
    },
    {
      "name": "proposeChange",
      "discriminator": [
        167,
        211,
        18,
        222,
        93,
        215,
        74,
        159
      ],
      "accounts": [
        {
          "name": "admin",
          "writable": true,
          "signer": true,
          "relations": [
            "market"
          ]
        },
        {
          "name": "market",
          "writable": true
        },
        {
          "name": "insuranceFund",
          "relations": [
            "market"
          ]
        },
        {
          "name": "pendingChange",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  99,
                  104,
                  97,
                  110,
                  103,
                  101
                ]
              },
              {
                "kind": "account",
                "path": "market"
              },
              {
                "kind": "account",
                "path": "market.changeCount",
                "account": "market"
              }
            ]
          }
        },
        {
          "name": "systemProgram",
          "address": "11111111111111111111111111111111"
        }
      ],
      "args": [
        {
          "name": "args",
          "type": {
            "defined": {
              "name": "proposeChangeArgs"
            }
          }
        }
      ]
    },
    {
      "name": "raiseNotice",
      "discriminator": [
        79,
        201,
        42,
        23,
        102,
        172,
        166,
        132
      ],
      "accounts": [
        {
          "name": "admin",
          "signer": true,
          "relations": [
            "market"
          ]
        },
        {
          "name": "market",
          "writable": true
        }
      ],
      "args": [
        {
          "name": "args",
          "type": {
            "defined": {
              "name": "raiseNoticeArgs"
            }
          }
        }
      ]
    },
    {
      "name": "releaseProfit",
      "discriminator": [
        130,
        148,
        170,
        81,
        193,
        135,
        227,
        235
      ],
      "accounts": [
        {
          "name": "owner",
          "signer": true,
          "relations": [
            "position"
          ]
        },
        {
          "name": "market",
          "docs": [
            "Writable: a release moves profit out of the clawback weight (the profit pool's total,",
            "the base of the next clawback) into principal, so it always changes the market."
          ],
          "writable": true,
          "relations": [
            "position"
          ]
        },
        {
          "name": "position",
          "writable": true
        }
      ],
      "args": []
    },
    {
      "name": "requestUnstake",
      "discriminator": [
        44,
        154,
        110,
        253,
        160,
        202,
        54,
        34
      ],
      "accounts": [
        {
          "name": "staker",
          "signer": true,
          "relations": [
            "stake"
          ]
        },
        {
          "name": "market"
        },
        {
          "name": "insuranceFund",
          "relations": [
            "market"
          ]
        },
        {
          "name": "stake",
          "writable": true
        }
      ],
      "args": [
        {
          "name": "args",
          "type": {
            "defined": {
              "name": "requestUnstakeArgs"
            }
          }
        }
      ]
    },
    {
      "name": "resolveShortfall",
      "discriminator": [
        225,
        201,
        85,
        51,
        159,
        14,
        135,
        104
      ],
      "accounts": [
        {
          "name": "resolver",
          "docs": [
            "Pays the record's rent only if the market's rent reserve cannot."
          ],
          "writable": true,
          "signer": true
        },
        {
          "name": "market",
          "writable": true,
          "relations": [
            "position"
          ]
        },
        {
          "name": "position",
          "writable": true
        },
        {
          "name": "record",
          "docs": [
            "the position is bankrupt (address checked in the handler). Left alone otherwise, so a",
            "transaction prepared before someone else resolved the position still succeeds."
          ],
          "writable": true
        },
        {
          "name": "insuranceFund",
          "writable": true,
          "relations": [
            "market"
          ]
        },
        {
          "name": "insuranceVault",
          "writable": true
        },
        {
          "name": "collateralVault",
          "writable": true,
          "relations": [
            "market"
          ]
        },
        {
          "name": "collateralMint",
          "docs": [
            "against the token accounts and its decimals (`token::CollateralMint`)."
          ],
          "relations": [
            "market"
          ]
        },
        {
          "name": "tokenProgram"
        },
        {
          "name": "systemProgram",
          "address": "11111111111111111111111111111111"
        }
      ],
      "args": [
        {
          "name": "args",
          "type": {
            "defined": {
              "name": "resolveShortfallArgs"
            }
          }
        }
      ]
    },
    {
      "name": "setMargin",
      "discriminator": [
        162,
        83,
        2,
        122,
        201,
        10,
        98,
        23
      ],
      "accounts": [
        {
          "name": "clearingAuthority",
          "signer": true,
          "relations": [
            "market"
          ]
        },
        {
          "name": "market",
          "relations": [
            "position"
          ]
        },
        {
          "name": "position",
          "writable": true
        }
      ],
      "args": [
        {
          "name": "args",
          "type": {
            "defined": {
              "name": "setMarginArgs"
            }
          }
        }
      ]
    },
    {
      "name": "setPause",
      "discriminator": [
        63,
        32,
        154,
        2,
        56,
        103,
        79,
        45
      ],
      "accounts": [
        {
          "name": "authority",
          "signer": true
        },
        {
          "name": "market",
          "writable": true
        }
      ],
      "args": [
        {
          "name": "args",
          "type": {
            "defined": {
              "name": "setPauseArgs"
            }
          }
        }
      ]
    },
    {
      "name": "settle",
      "discriminator": [
        175,
        42,
        185,
        87,
        144,
        131,
        102,
        212
      ],
      "accounts": [
        {
          "name": "owner",
          "signer": true,
          "relations": [
            "position"
          ]
        },
        {
          "name": "market",
          "docs": [
            "Writable when the settlement charges a loss (`MarketNotWritable` otherwise); written back",
            "by the handler, only then."
          ],
          "relations": [
            "position"
          ]
        },
        {
          "name": "position",
          "writable": true
        }
      ],
      "args": []
    },
    {
      "name": "stake",
      "discriminator": [
        206,
        176,
        202,
        18,
        200,
        209,
        179,
        108
      ],
      "accounts": [
        {
          "name": "payer",
          "writable": true,
          "signer": true
        },
        {
          "name": "market"
        },
        {
          "name": "insuranceFund",
          "writable": true,
          "relations": [
            "market"
          ]
        },
        {
          "name": "insuranceVault",
          "writable": true
        },
        {
          "name": "collateralMint",
          "docs": [
            "against the token accounts and its decimals (`token::CollateralMint`)."
          ],
          "relations": [
            "market"
          ]
        },
        {
          "name": "payerTokenAccount",
          "docs": [
            "(`token::check_wallet_token_account` in `validate_amount`)."
          ],
          "writable": true
        },
        {
          "name": "tokenProgram"
        },
        {
          "name": "stake",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  115,
                  116,
                  97,
                  107,
                  101
                ]
              },
              {
                "kind": "account",
                "path": "insuranceFund"
              },
              {
                "kind": "account",
                "path": "payer"
              }
            ]
          }
        },
        {
          "name": "systemProgram",
          "address": "11111111111111111111111111111111"
        }
      ],
      "args": [
        {
          "name": "args",
          "type": {
            "defined": {
              "name": "insuranceDepositArgs"
            }
          }
        }
      ]
    },
    {
      "name": "sweepDust",
      "discriminator": [
        9,
        49,
        242,
        88,
        156,
        84,
        109,
        15
      ],
      "accounts": [
        {
          "name": "market",
          "writable": true
        },
        {
          "name": "insuranceFund",
          "writable": true,
          "relations": [
            "market"
          ]
        },
        {
          "name": "insuranceVault",
          "writable": true
        },
        {
          "name": "collateralVault",
          "writable": true,
          "relations": [
            "market"
          ]
        },
        {
          "name": "collateralMint",
          "docs": [
            "against the token accounts and its decimals (`token::CollateralMint`)."
          ],
          "relations": [
            "market"
          ]
        },
        {
          "name": "tokenProgram"
        }
      ],
      "args": []
    },
    {
      "name": "unstake",
      "discriminator": [
        90,
        95,
        107,
        42,
        205,
        124,
        50,
        225
      ],
      "accounts": [
        {
          "name": "staker",
          "signer": true,
          "relations": [
            "stake"
          ]
        },
        {
          "name": "market"
        },
        {
          "name": "insuranceFund",
          "writable": true,
          "relations": [
            "market"
          ]
        },
        {
          "name": "insuranceVault",
          "writable": true
        },
        {
          "name": "stake",
          "writable": true
        },
        {
          "name": "collateralMint",
          "docs": [
            "against the token accounts and its decimals (`token::CollateralMint`)."
          ],
          "relations": [
            "market"
          ]
        },
        {
          "name": "stakerTokenAccount",
          "docs": [
            "in `validate`)."
          ],
          "writable": true
        },
        {
          "name": "tokenProgram"
        }
      ],
      "args": []
    },
    {
      "name": "withdraw",
      "discriminator": [
        183,
        18,
        70,
        156,
        148,
        109,
        161,
        34
      ],
      "accounts": [
        {
          "name": "owner",
          "signer": true,
          "relations": [
            "position"
          ]
        },
        {
          "name": "market",
          "writable": true,
          "relations": [
            "position"
          ]
        },
        {
          "name": "position",
          "writable": true
        },
        {
          "name": "collateralMint",
          "docs": [
            "against the token accounts and its decimals (`token::CollateralMint`)."
          ],
          "relations": [
            "market"
          ]
        },
        {
          "name": "collateralVault",
          "docs": [
            "owns; read through `token::TokenAccountView`."
          ],
          "writable": true,
          "relations": [
            "market"
          ]
        },
        {
          "name": "ownerTokenAccount",
          "docs": [
            "of a deposit (the owner signs the transfer) or the destination of a withdrawal (any account",
            "the owner names; the owner signs the withdrawal)."
          ],
          "writable": true
        },
        {
          "name": "tokenProgram"
        }
      ],
      "args": [
        {
          "name": "args",
          "type": {
            "defined": {
              "name": "withdrawArgs"
            }
          }
        }
      ]
    }
  ],
  "accounts": [
    {
      "name": "insuranceFund",
      "discriminator": [
        43,
        134,
        170,
        87,
        102,
        16,
        142,
        147
      ]
    },
    {
      "name": "insuranceStake",
      "discriminator": [
        110,
        110,
        233,
        160,
        124,
        191,
        45,
        161
      ]
    },
    {
      "name": "market",
      "discriminator": [
        219,
        190,
        213,
        55,
        0,
        227,
        198,
        154
      ]
    },
    {
      "name": "pendingChange",
      "discriminator": [
        232,
        183,
        176,
        196,
        15,
        195,
        115,
        147
      ]
    },
    {
      "name": "shortfallRecord",
      "discriminator": [
        253,
        36,
        63,
        238,
        84,
        5,
        128,
        83
      ]
    },
    {
      "name": "userPosition",
      "discriminator": [
        251,
        248,
        209,
        245,
        83,
        234,
        17,
        27
      ]
    }
  ],
  "events": [
    {
      "name": "adminTransferred",
      "discriminator": [
        255,
        147,
        182,
        5,
        199,
        217,
        38,
        179
      ]
    },
    {
      "name": "authoritiesSet",
      "discriminator": [
        19,
        70,
        118,
        88,
        8,
        9,
        226,
        144
      ]
    },
    {
      "name": "changeApplied",
      "discriminator": [
        226,
        1,
        224,
        100,
        192,
        110,
        58,
        24
      ]
    },
    {
      "name": "changeCancelled",
      "discriminator": [
        139,
        179,
        97,
        81,
        214,
        21,
        119,
        93
      ]
    },
    {
      "name": "changeProposed",
      "discriminator": [
        170,
        10,
        10,
        8,
        244,
        196,
        146,
        151
      ]
    },
    {
      "name": "deposited",
      "discriminator": [
        111,
        141,
        26,
        45,
        161,
        35,
        100,
        57
      ]
    },
    {
      "name": "dustSwept",
      "discriminator": [
        131,
        70,
        179,
        205,
        208,
        80,
        13,
        168
      ]
    },
    {
      "name": "insuranceFunded",
      "discriminator": [
        158,
        72,
        23,
        80,
        138,
        56,
        33,
        206
      ]
    },
    {
      "name": "marginSet",
      "discriminator": [
        232,
        72,
        74,
        44,
        223,
        53,
        219,
        170
      ]
    },
    {
      "name": "marketInitialized",
      "discriminator": [
        134,
        160,
        122,
        87,
        50,
        3,
        255,
        81
      ]
    },
    {
      "name": "noticeRaised",
      "discriminator": [
        173,
        38,
        190,
        13,
        129,
        66,
        48,
        214
      ]
    },
    {
      "name": "paramsUpdated",
      "discriminator": [
        2,
        163,
        138,
        99,
        135,
        11,
        136,
        169
      ]
    },
    {
      "name": "pauseSet",
      "discriminator": [
        175,
        57,
        198,
        136,
        192,
        66,
        204,
        73
      ]
    },
    {
      "name": "pnlApplied",
      "discriminator": [
        69,
        214,
        251,
        158,
        204,
        110,
        147,
        253
      ]
    },
    {
      "name": "positionOpened",
      "discriminator": [
        237,
        175,
        243,
        230,
        147,
        117,
        101,
        121
      ]
    },
    {
      "name": "positionSettled",
      "discriminator": [
        75,
        100,
        92,
        189,
        245,
        116,
        252,
        221
      ]
    },
    {
      "name": "profitReleased",
      "discriminator": [
        114,
        224,
        138,
        69,
        31,
        189,
        212,
        150
      ]
    },
    {
      "name": "shortfallResolved",
      "discriminator": [
        20,
        251,
        57,
        203,
        78,
        118,
        64,
        186
      ]
    },
    {
      "name": "staked",
      "discriminator": [
        11,
        146,
        45,
        205,
        230,
        58,
        213,
        240
      ]
    },
    {
      "name": "unstakeCancelled",
      "discriminator": [
        102,
        223,
        189,
        101,
        201,
        223,
        180,
        38
      ]
    },
    {
      "name": "unstakeRequested",
      "discriminator": [
        21,
        253,
        177,
        85,
        129,
        206,
        42,
        152
      ]
    },
    {
      "name": "unstaked",
      "discriminator": [
        27,
        179,
        156,
        215,
        47,
        71,
        195,
        7
      ]
    },
    {
      "name": "withdrawn",
      "discriminator": [
        20,
        89,
        223,
        198,
        194,
        124,
        219,
        13
      ]
    }
  ],
  "errors": [
    {
      "code": 6000,
      "name": "mathOverflow",
      "msg": "Arithmetic overflow or underflow"
    },
    {
      "code": 6001,
      "name": "lossExceedsPool",
      "msg": "A loss larger than the pool it is charged to"
    },
    {
      "code": 6002,
      "name": "invalidSnapshot",
      "msg": "A loss index snapshot from the future or with a zero factor"
    },
    {
      "code": 6003,
      "name": "lossExceedsCapital",
      "msg": "The loss exceeds all at-risk profit and principal in the market"
    },
    {
      "code": 6004,
      "name": "vaultInsolvent",
      "msg": "The collateral vault holds less than the positions can claim"
    },
    {
      "code": 6005,
      "name": "unknownPauseBits",
      "msg": "Pause mask has bits that name no operation"
    },
    {
      "code": 6006,
      "name": "profitMaturityOutOfRange",
      "msg": "Profit maturity must be between 0 and 30 days"
    },
    {
      "code": 6007,
      "name": "eventCapZero",
      "msg": "The per-event insurance cap must be greater than zero"
    },
    {
      "code": 6008,
      "name": "windowCapZero",
      "msg": "The rolling-window insurance cap must be greater than zero"
    },
    {
      "code": 6009,
      "name": "drawWindowOutOfRange",
      "msg": "The insurance draw window must be between 1 second and 30 days"
    },
    {
      "code": 6010,
      "name": "unstakeDelayOutOfRange",
      "msg": "The unstake delay must be between 0 and 90 days"
    },
    {
      "code": 6011,
      "name": "drawAllowanceAboveCap",
      "msg": "The draw allowance exceeds the rolling-window cap"
    },
    {
      "code": 6012,
      "name": "indexFactorOutOfRange",
      "msg": "A loss index factor outside [10^27, 10^36]"
    },
    {
      "code": 6013,
      "name": "pendingAdminIsAdmin",
      "msg": "The new admin cannot be the admin"
    },
    {
      "code": 6014,
      "name": "defaultAuthority",
      "msg": "An authority cannot be the default (all-zero) key"
    },
    {
      "code": 6015,
      "name": "unstakeSharesAboveStake",
      "msg": "An unstake request locks more shares than the stake holds"
    },
    {
      "code": 6016,
      "name": "emptyUnstakeRequest",
      "msg": "An unstake request without shares has a value or unlock time"
    },
    {
      "code": 6017,
      "name": "shortfallNotFullyAssigned",
      "msg": "A shortfall record's tiers do not add up to its shortfall"
    },
    {
      "code": 6018,
      "name": "bankruptStatusMismatch",
      "msg": "A position's status does not match the sign of its realized PnL"
    },
    {
      "code": 6019,
      "name": "bankruptWithPrincipal",
      "msg": "A bankrupt position still holds principal"
    },
    {
      "code": 6020,
      "name": "notAdmin",
      "msg": "Signer is not the market admin"
    },
    {
      "code": 6021,
      "name": "notPendingAdmin",
      "msg": "Signer is not the new admin this change names"
    },
    {
      "code": 6022,
      "name": "emptyChange",
      "msg": "The change changes nothing"
    },
    {
      "code": 6023,
      "name": "notClearingAuthority",
      "msg": "Signer is not the market's clearing authority"
    },
    {
      "code": 6024,
      "name": "notPositionOwner",
      "msg": "Signer does not own this position"
    },
    {
      "code": 6025,
      "name": "notStaker",
      "msg": "Signer does not own this stake"
    },
    {
      "code": 6026,
      "name": "unpauseNotAllowed",
      "msg": "Only the admin may lift a pause"
    },
    {
      "code": 6027,
      "name": "wrongMarket",
      "msg": "Account belongs to another market"
    },
    {
      "code": 6028,
      "name": "wrongMint",
      "msg": "Mint is not the market's collateral mint"
    },
    {
      "code": 6029,
      "name": "wrongVault",
      "msg": "Vault is not the market's PDA vault"
    },
    {
      "code": 6030,
      "name": "wrongInsuranceFund",
      "msg": "Insurance fund is not the market's"
    },
    {
      "code": 6031,
      "name": "wrongTokenProgram",
      "msg": "Token program does not own the collateral mint"
    },
    {
      "code": 6032,
      "name": "wrongShortfallRecord",
      "msg": "Shortfall record is not this position's next record address"
    },
    {
      "code": 6033,
      "name": "operationPaused",
      "msg": "This operation is paused"
    },
    {
      "code": 6034,
      "name": "clawbackPending",
      "msg": "A clawback or haircut is pending: settle first"
    },
    {
      "code": 6035,
      "name": "lossResolutionPending",
      "msg": "A bankrupt position's loss is not yet assigned: resolve_shortfall first (anyone may)"
    },
    {
      "code": 6036,
      "name": "profitNotMature",
      "msg": "Profit is still at risk until its maturity time"
    },
    {
      "code": 6037,
      "name": "noProfitToRelease",
      "msg": "No at-risk profit to release"
    },
    {
      "code": 6038,
      "name": "zeroAmount",
      "msg": "Amount must be greater than zero"
    },
    {
      "code": 6039,
      "name": "insufficientPrincipal",
      "msg": "Amount exceeds the position's principal"
    },
    {
      "code": 6040,
      "name": "marginLocked",
      "msg": "Amount exceeds the principal not locked behind open exposure"
    },
    {
      "code": 6041,
      "name": "transferAmountMismatch",
      "msg": "The token transfer moved a different amount (transfer fees are not supported)"
    },
    {
      "code": 6042,
      "name": "zeroShares",
      "msg": "Stake is too small to mint a share"
    },
    {
      "code": 6043,
      "name": "insufficientShares",
      "msg": "Not enough unlocked shares"
    },
    {
      "code": 6044,
      "name": "unstakeAlreadyPending",
      "msg": "An unstake request is already pending"
    },
    {
      "code": 6045,
      "name": "noUnstakePending",
      "msg": "No unstake request is pending"
    },
    {
      "code": 6046,
      "name": "unstakeLocked",
      "msg": "Unstake request is still locked"
    },
    {
      "code": 6047,
      "name": "nothingToSweep",
      "msg": "No dust to sweep"
    },
    {
      "code": 6048,
      "name": "mintHasPermanentDelegate",
      "msg": "Mint has a permanent delegate, which could move the vault's tokens"
    },
    {
      "code": 6049,
      "name": "mintHasTransferFee",
      "msg": "Mint has a transfer fee, which would change transferred amounts"
    },
    {
      "code": 6050,
      "name": "mintHasTransferHook",
      "msg": "Mint has a transfer hook, which could refuse the vault's transfers"
    },
    {
      "code": 6051,
      "name": "mintHasDefaultAccountState",
      "msg": "Mint sets a default account state, which could freeze new vaults"
    },
    {
      "code": 6052,
      "name": "mintIsNonTransferable",
      "msg": "Mint is non-transferable"
    },
    {
      "code": 6053,
      "name": "mintIsPausable",
      "msg": "Mint is pausable, which could halt every transfer"
    },
    {
      "code": 6054,
      "name": "mintHasCloseAuthority",
      "msg": "Mint has a close authority: it could be closed and re-created with other extensions"
    },
    {
      "code": 6055,
      "name": "mintHasConfidentialTransfers",
      "msg": "Mint has confidential transfers, which move balances outside the books"
    },
    {
      "code": 6056,
      "name": "mintExtensionNotAllowed",
      "msg": "Mint has an extension this program does not know"
    },
    {
      "code": 6057,
      "name": "walletAccountIsVault",
      "msg": "The wallet's token account is one of the market's vaults"
    },
    {
      "code": 6058,
      "name": "unstakeWindowOutOfRange",
      "msg": "The unstake window must be between 1 day and 30 days"
    },
    {
      "code": 6059,
      "name": "liquidationWindowOutOfRange",
      "msg": "The liquidation window must be between 1 second and 1 hour"
    },
    {
      "code": 6060,
      "name": "shortfallBoundOutOfRange",
      "msg": "The shortfall bound must be between 1 and 1,000,000 basis points"
    },
    {
      "code": 6061,
      "name": "liquidationInProgress",
      "msg": "The liquidation may still book fills: only the clearing authority may resolve it before its window ends"
    },
    {
      "code": 6062,
      "name": "shortfallAboveBound",
      "msg": "The fill would take the liquidation's shortfall above its bound against the collateral behind it"
    },
    {
      "code": 6063,
      "name": "unstakeRequestLapsed",
      "msg": "The unstake request lapsed: its window after the unlock has passed; request again"
    },
    {
      "code": 6064,
      "name": "settlementPaused",
      "msg": "A settlement is due and settling is paused"
    },
    {
      "code": 6065,
      "name": "invalidRecordBump",
      "msg": "The record's bump does not give a valid address"
    },
    {
      "code": 6066,
      "name": "pendingLiquidationMismatch",
      "msg": "A pending loss without its liquidation's position, or the reverse"
    },
    {
      "code": 6067,
      "name": "maturingAboveProfit",
      "msg": "A position's maturing profit exceeds its at-risk profit"
    },
    {
      "code": 6068,
      "name": "noticeOutOfRange",
      "msg": "The notice period must be between 2 days and 365 days"
    },
    {
      "code": 6069,
      "name": "noticeShorterThanExit",
      "msg": "The notice period must be at least 2 days longer than the unstake delay and the longest profit maturity"
    },
    {
      "code": 6070,
      "name": "noticeNotRaised",
      "msg": "A new notice period must be longer than the current one (a shorter one is a proposed change)"
    },
    {
      "code": 6071,
      "name": "noticeNotServed",
      "msg": "The change's notice period of open exits has not passed"
    },
    {
      "code": 6072,
      "name": "exitsNotOpenLongEnough",
      "msg": "Exits must have been open for a day without a pause before a change applies"
    },
    {
      "code": 6073,
      "name": "changeLapsed",
      "msg": "The change was not applied within its window and lapsed; it can only be cancelled"
    },
    {
      "code": 6074,
      "name": "wrongProposer",
      "msg": "The account is not the change's proposer"
    },
    {
      "code": 6075,
      "name": "marketNotWritable",
      "msg": "The settlement charges a loss, which changes the market: pass the market writable"
    }
  ],
  "types": [
    {
      "name": "adminTransferred",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "market",
            "type": "pubkey"
          },
          {
            "name": "previousAdmin",
            "type": "pubkey"
          },
          {
            "name": "admin",
            "type": "pubkey"
          }
        ]
      }
    },
    {
      "name": "applyPnlArgs",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "amount",
            "docs": [
              "Realized PnL moved from the loser to the winner."
            ],
            "type": "u64"
          }
        ]
      }
    },
    {
      "name": "authoritiesSet",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "market",
            "type": "pubkey"
          },
          {
            "name": "riskAuthority",
            "type": "pubkey"
          },
          {
            "name": "clearingAuthority",
            "type": "pubkey"
          }
        ]
      }
    },
    {
      "name": "change",
      "docs": [
        "What a proposed change does."
      ],
      "type": {
        "kind": "enum",
        "variants": [
          {
            "name": "params",
            "fields": [
              {
                "defined": {
                  "name": "paramsChange"
                }
              }
            ]
          },
          {
            "name": "authorities",
            "fields": [
              {
                "name": "riskAuthority",
                "type": {
                  "option": "pubkey"
                }
              },
              {
                "name": "clearingAuthority",
                "type": {
                  "option": "pubkey"
                }
              }
            ]
          },
          {
            "name": "admin",
            "fields": [
              {
                "name": "newAdmin",
                "type": "pubkey"
              }
            ]
          }
        ]
      }
    },
    {
      "name": "changeApplied",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "market",
            "type": "pubkey"
          },
          {
            "name": "pendingChange",
            "type": "pubkey"
          },
          {
            "name": "seq",
            "type": "u64"
          },
          {
            "name": "by",
            "type": "pubkey"
          }
        ]
      }
    },
    {
      "name": "changeCancelled",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "market",
            "type": "pubkey"
          },
          {
            "name": "pendingChange",
            "type": "pubkey"
          },
          {
            "name": "seq",
            "type": "u64"
          },
          {
            "name": "by",
            "type": "pubkey"
          }
        ]
      }
    },
    {
      "name": "changeProposed",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "market",
            "type": "pubkey"
          },
          {
            "name": "pendingChange",
            "type": "pubkey"
          },
          {
            "name": "seq",
            "type": "u64"
          },
          {
            "name": "proposer",
            "type": "pubkey"
          },
          {
            "name": "proposedAt",
            "type": "i64"
          },
          {
            "name": "noticeSecs",
            "docs": [
              "Open-exit seconds it waits (at least; a longer notice set later also applies)."
            ],
            "type": "i64"
          },
          {
            "name": "change",
            "type": {
              "defined": {
                "name": "change"
              }
            }
          }
        ]
      }
    },
    {
      "name": "depositArgs",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "amount",
            "type": "u64"
          }
        ]
      }
    },
    {
      "name": "deposited",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "market",
            "type": "pubkey"
          },
          {
            "name": "owner",
            "type": "pubkey"
          },
          {
            "name": "amount",
            "type": "u64"
          },
          {
            "name": "position",
            "type": {
              "defined": {
                "name": "positionBalances"
              }
            }
          },
          {
            "name": "totals",
            "type": {
              "defined": {
                "name": "marketTotals"
              }
            }
          }
        ]
      }
    },
    {
      "name": "dustSwept",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "market",
            "type": "pubkey"
          },
          {
            "name": "amount",
            "type": "u64"
          },
          {
            "name": "fundBalance",
            "type": "u64"
          },
          {
            "name": "totals",
            "type": {
              "defined": {
                "name": "marketTotals"
              }
            }
          }
        ]
      }
    },
    {
      "name": "eventCapWindow",
      "docs": [
        "The per-event insurance cap of one position's liquidation: every shortfall of the position",
        "resolved within one draw window of the first shares it, however the liquidation was filled."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "startedAt",
            "docs": [
              "When the window opened (0: never)."
            ],
            "type": "i64"
          },
          {
            "name": "drawn",
            "docs": [
              "Insurance drawn for this position's shortfalls since then."
            ],
            "type": "u64"
          }
        ]
      }
    },
    {
      "name": "haltClock",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "haltedSecs",
            "docs": [
              "Seconds of completed halts."
            ],
            "type": "i64"
          },
          {
            "name": "haltedSince",
            "docs": [
              "When the current halt began (0: not halted)."
            ],
            "type": "i64"
          }
        ]
      }
    },
    {
      "name": "initializeMarketArgs",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "marketId",
            "type": "u64"
          },
          {
            "name": "riskAuthority",
            "type": "pubkey"
          },
          {
            "name": "clearingAuthority",
            "type": "pubkey"
          },
          {
            "name": "params",
            "type": {
              "defined": {
                "name": "marketParams"
              }
            }
          }
        ]
      }
    },
    {
      "name": "insuranceDepositArgs",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "amount",
            "type": "u64"
          }
        ]
      }
    },
    {
      "name": "insuranceFund",
      "docs": [
        "The market's insurance fund. It bears shortfalls before profitable traders do; stakers own",
        "it through shares. Seeds: `[\"insurance_fund\", market]`; it owns its vault",
        "(`[\"insurance_vault\", market]`)."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "market",
            "type": "pubkey"
          },
          {
            "name": "vault",
            "type": "pubkey"
          },
          {
            "name": "balance",
            "docs": [
              "Tokens the fund owns on its books. Tokens sent to the vault outside the program are not",
              "counted (they cannot move the share price)."
            ],
            "type": "u64"
          },
          {
            "name": "totalShares",
            "type": "u128"
          },
          {
            "name": "maxDrawPerEvent",
            "docs": [
              "At most this much per liquidation: all shortfalls of one position within one draw",
              "window share it (see `UserPosition::event_cap`)."
            ],
            "type": "u64"
          },
          {
            "name": "drawWindowCap",
            "docs": [
              "Rolling window cap: the draw allowance refills to this over `draw_window_secs`."
            ],
            "type": "u64"
          },
          {
            "name": "drawWindowSecs",
            "type": "i64"
          },
          {
            "name": "drawAllowance",
            "type": "u64"
          },
          {
            "name": "drawAllowanceUpdatedAt",
            "type": "i64"
          },
          {
            "name": "drawRefillRemainder",
            "docs": [
              "Refill earned below one whole unit at `draw_allowance_updated_at`, carried so that no",
              "update loses refill time to rounding (`math::rate_limit`)."
            ],
            "type": "u64"
          },
          {
            "name": "unstakeDelaySecs",
            "docs": [
              "Delay between `request_unstake` and `unstake`, fixed per request when it is made."
            ],
            "type": "i64"
          },
          {
            "name": "unstakeWindowSecs",
            "docs": [
              "How long an unlocked request may be used, fixed per request when it is made."
            ],
            "type": "i64"
          },
          {
            "name": "lifetimeStaked",
            "type": "u128"
          },
          {
            "name": "lifetimeDonated",
            "type": "u128"
          },
          {
            "name": "lifetimeDrawn",
            "type": "u128"
          },
          {
            "name": "lifetimeUnstaked",
            "type": "u128"
          },
          {
            "name": "lifetimeDustReceived",
            "type": "u128"
          },
          {
            "name": "shareEpoch",
            "docs": [
              "Bumped when a drawdown wipes the fund out and its shares retire (see",
              "`INSURANCE_MAX_SHARES_PER_UNIT`); stakes from older epochs hold nothing."
            ],
            "type": "u32"
          },
          {
            "name": "bump",
            "type": "u8"
          },
          {
            "name": "vaultBump",
            "type": "u8"
          }
        ]
      }
    },
    {
      "name": "insuranceFunded",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "market",
            "type": "pubkey"
          },
          {
            "name": "funder",
            "type": "pubkey"
          },
          {
            "name": "amount",
            "type": "u64"
          },
          {
            "name": "fundBalance",
            "type": "u64"
          }
        ]
      }
    },
    {
      "name": "insuranceStake",
      "docs": [
        "One staker's shares in one insurance fund. Seeds: `[\"stake\", fund, staker]`."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "fund",
            "type": "pubkey"
          },
          {
            "name": "staker",
            "type": "pubkey"
          },
          {
            "name": "shares",
            "docs": [
              "All shares, including those locked in a pending unstake request."
            ],
            "type": "u128"
          },
          {
            "name": "unstakeShares",
            "docs": [
              "Shares locked by the pending request (zero when none)."
            ],
            "type": "u128"
          },
          {
            "name": "unstakeValue",
            "docs": [
              "Their value when the request was made: the most the request can pay."
            ],
            "type": "u64"
          },
          {
            "name": "unstakeUnlockAt",
            "docs": [
              "Fixed when the request is made; later parameter changes do not move it."
            ],
            "type": "i64"
          },
          {
            "name": "unstakeExpiresAt",
            "docs": [
              "The request may be used before this time only (`unlock_at + unstake_window_secs`, fixed",
              "when it is made); both move by the time unstaking is halted after the request",
              "(`unstake_unlock`, `unstake_expiry`); afterwards it lapses."
            ],
            "type": "i64"
          },
          {
            "name": "unstakeHaltedAtRequest",
            "docs": [
              "`Market::unstake_halt`'s total when the request was made."
            ],
            "type": "i64"
          },
          {
            "name": "shareEpoch",
            "docs": [
              "The fund's share epoch these shares belong to."
            ],
            "type": "u32"
          },
          {
            "name": "bump",
            "type": "u8"
          }
        ]
      }
    },
    {
      "name": "lossIndex",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "factor",
            "docs": [
              "Surviving fraction since the start of this epoch and scale, times [`INDEX_ONE`]."
            ],
            "type": "u128"
          },
          {
            "name": "scale",
            "docs": [
              "Number of times the factor was multiplied by [`INDEX_RESCALE_FACTOR`] in this epoch."
            ],
            "type": "u32"
          },
          {
            "name": "epoch",
            "docs": [
              "Number of losses that took the whole pool."
            ],
            "type": "u32"
          }
        ]
      }
    },
    {
      "name": "lossPool",
      "docs": [
        "One tier of the waterfall: the books of an amount shared by many holders, its loss index,",
        "and the lifetime totals that prove every base unit of loss was charged."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "total",
            "docs": [
              "Exact sum of all holders' amounts after every loss so far (a holder's own rounded-down",
              "amount is never above its exact share, so this is at least what holders can claim)."
            ],
            "type": "u64"
          },
          {
            "name": "index",
            "type": {
              "defined": {
                "name": "lossIndex"
              }
            }
          },
          {
            "name": "absorbed",
            "docs": [
              "Lifetime loss this pool absorbed through its index (clawed back, or charged as a haircut)."
            ],
            "type": "u128"
          },
          {
            "name": "collected",
            "docs": [
              "Lifetime charges applied to holders when they settled."
            ],
            "type": "u128"
          },
          {
            "name": "dustReleased",
            "docs": [
              "Lifetime rounding excess taken out of `total` (and sent to the insurance fund)."
            ],
            "type": "u128"
          }
        ]
      }
    },
    {
      "name": "lossWindow",
      "docs": [
        "A position's loss window: from its first loss to a fill after a quiet period, for",
        "`liquidation_window_secs`. The base of the shortfall bound is the collateral it held when the",
        "window opened: a liquidation is usually filled in parts, and every part counts against the",
        "same collateral however the fills are split. (A snapshot, not a sum of what it paid: a sum",
        "could be inflated by colluding wallets passing the same money back and forth.)"
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "startedAt",
            "docs": [
              "When the window opened (0: never)."
            ],
            "type": "i64"
          },
          {
            "name": "collateral",
            "docs": [
              "At-risk profit plus principal when it opened."
            ],
            "type": "u64"
          },
          {
            "name": "shortfall",
            "docs": [
              "Shortfall booked in the window, across every liquidation in it."
            ],
            "type": "u64"
          }
        ]
      }
    },
    {
      "name": "marginSet",
      "docs": [
        "The clearing authority set the principal locked behind a position's open exposure."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "market",
            "type": "pubkey"
          },
          {
            "name": "owner",
            "type": "pubkey"
          },
          {
            "name": "position",
            "type": "pubkey"
          },
          {
            "name": "lockedMargin",
            "type": "u64"
          }
        ]
      }
    },
    {
      "name": "market",
      "docs": [
        "A market: one collateral mint, its vault, its insurance fund and the loss indices."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "marketId",
            "type": "u64"
          },
          {
            "name": "creator",
            "docs": [
              "Who created the market. Part of its address (`[\"market\", mint, creator, market_id]`), so",
              "the address a user derives from the operator's key cannot belong to anyone else."
            ],
            "type": "pubkey"
          },
          {
            "name": "admin",
            "docs": [
              "Proposes changes of the rules and of who holds power (`propose_change`), which apply",
              "only after `notice_secs` of open exits; lifts pauses."
            ],
            "type": "pubkey"
          },
          {
            "name": "riskAuthority",
            "docs": [
              "May add pause bits (an emergency brake); it has no part in assigning losses."
            ],
            "type": "pubkey"
          },
          {
            "name": "clearingAuthority",
            "docs": [
              "Applies realized PnL between positions (a keypair or another program's PDA)."
            ],
            "type": "pubkey"
          },
          {
            "name": "collateralMint",
            "type": "pubkey"
          },
          {
            "name": "collateralTokenProgram",
            "type": "pubkey"
          },
          {
            "name": "collateralDecimals",
            "type": "u8"
          },
          {
            "name": "collateralVault",
            "type": "pubkey"
          },
          {
            "name": "insuranceFund",
            "type": "pubkey"
          },
          {
            "name": "paused",
            "docs": [
              "Bitmask of `PauseOp` bits."
            ],
            "type": "u32"
          },
          {
            "name": "profitMaturitySecs",
            "docs": [
              "Each gain of realized profit stays at risk at least this long (`math::maturity`)."
            ],
            "type": "i64"
          },
          {
            "name": "liquidationWindowSecs",
            "docs": [
              "See `MarketParams::liquidation_window_secs`."
            ],
            "type": "i64"
          },
          {
            "name": "maxShortfallBps",
            "docs": [
              "See `MarketParams::max_shortfall_bps`."
            ],
            "type": "u32"
          },
          {
            "name": "noticeSecs",
            "docs": [
              "See `MarketParams::notice_secs`."
            ],
            "type": "i64"
          },
          {
            "name": "changeCount",
            "docs": [
              "Sequence number of the next proposed change (`[\"change\", market, seq]`)."
            ],
            "type": "u64"
          },
          {
            "name": "profitPool",
            "docs": [
              "At-risk profit of all positions: the clawback tier. `profit_pool.index` is the clawback",
              "index."
            ],
            "type": {
              "defined": {
                "name": "lossPool"
              }
            }
          },
          {
            "name": "principalPool",
            "docs": [
              "Principal of all positions: the haircut tier."
            ],
            "type": {
              "defined": {
                "name": "lossPool"
              }
            }
          },
          {
            "name": "pendingShortfall",
            "docs": [
              "Negative equity of bankrupt positions whose loss is not yet assigned to a tier",
              "(`resolve_shortfall` assigns it). While it is not zero, nothing that changes who would",
              "pay it may run (`require_no_pending_loss`)."
            ],
            "type": "u64"
          },
          {
            "name": "pendingPosition",
            "docs": [
              "The liquidation in progress while `pending_shortfall` is not zero: the bankrupt position",
              "(its further fills still book into the same loss event), the collateral it held when its",
              "loss window opened (the base of `max_shortfall_bps`, `UserPosition::loss_window`), and",
              "when its liquidation window ends (fills stop; anyone may resolve)."
            ],
            "type": "pubkey"
          },
          {
            "name": "pendingCollateral",
            "type": "u64"
          },
          {
            "name": "liquidationEndsAt",
            "type": "i64"
          },
          {
            "name": "dustPending",
            "docs": [
              "Rounding excess released from the books, waiting for `sweep_dust` to the insurance fund."
            ],
            "type": "u64"
          },
          {
            "name": "shortfallSeq",
            "docs": [
              "Market-wide sequence number of the next shortfall record (for ordering; the record's",
              "address is keyed by its position)."
            ],
            "type": "u64"
          },
          {
            "name": "unstakeHalt",
            "docs": [
              "Seconds unstaking was halted (Unstake paused, or a loss pending): unstake requests'",
              "unlock and window move by them, so neither a pause nor a chain of liquidations can make a",
              "request lapse or shorten its window."
            ],
            "type": {
              "defined": {
                "name": "haltClock"
              }
            }
          },
          {
            "name": "exitHalt",
            "docs": [
              "Seconds exits were halted (an exit paused, `EXIT_PAUSES`, or a loss pending): a proposed",
              "change's notice counts only the rest (`math::notice`)."
            ],
            "type": {
              "defined": {
                "name": "haltClock"
              }
            }
          },
          {
            "name": "exitsReopenedAt",
            "docs": [
              "When exit pauses were last lifted (0: never), and `exit_halt`'s total then: a change",
              "applies only after a day of open time since (`math::notice`)."
            ],
            "type": "i64"
          },
          {
            "name": "exitHaltedAtReopen",
            "type": "i64"
          },
          {
            "name": "oldMaturityEndsAt",
            "docs": [
              "Gains booked under a longer maturity period than today's may still mature until then",
              "(0: none); a change proposed before then waits for them (`notice_for_proposal`)."
            ],
            "type": "i64"
          },
          {
            "name": "positionCount",
            "type": "u64"
          },
          {
            "name": "bump",
            "type": "u8"
          },
          {
            "name": "vaultBump",
            "type": "u8"
          }
        ]
      }
    },
    {
      "name": "marketInitialized",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "market",
            "type": "pubkey"
          },
          {
            "name": "marketId",
            "type": "u64"
          },
          {
            "name": "creator",
            "type": "pubkey"
          },
          {
            "name": "admin",
            "type": "pubkey"
          },
          {
            "name": "riskAuthority",
            "type": "pubkey"
          },
          {
            "name": "clearingAuthority",
            "type": "pubkey"
          },
          {
            "name": "collateralMint",
            "type": "pubkey"
          },
          {
            "name": "collateralVault",
            "type": "pubkey"
          },
          {
            "name": "insuranceFund",
            "type": "pubkey"
          },
          {
            "name": "insuranceVault",
            "type": "pubkey"
          },
          {
            "name": "profitMaturitySecs",
            "type": "i64"
          },
          {
            "name": "maxDrawPerEvent",
            "type": "u64"
          },
          {
            "name": "drawWindowCap",
            "type": "u64"
          },
          {
            "name": "drawWindowSecs",
            "type": "i64"
          },
          {
            "name": "unstakeDelaySecs",
            "type": "i64"
          },
          {
            "name": "unstakeWindowSecs",
            "type": "i64"
          },
          {
            "name": "liquidationWindowSecs",
            "type": "i64"
          },
          {
            "name": "maxShortfallBps",
            "type": "u32"
          },
          {
            "name": "noticeSecs",
            "type": "i64"
          }
        ]
      }
    },
    {
      "name": "marketParams",
      "docs": [
        "Risk parameters of a market and its insurance fund. The bounds are written once, here:",
        "`validate` checks new parameters, and `Market::invariant` / `InsuranceFund::invariant` call",
        "the same rule functions."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "profitMaturitySecs",
            "docs": [
              "Realized profit stays at risk this long after its last increase (0..=30 days)."
            ],
            "type": "i64"
          },
          {
            "name": "maxDrawPerEvent",
            "docs": [
              "Most the insurance fund pays towards one liquidation (one position's shortfalls within",
              "one draw window) (> 0)."
            ],
            "type": "u64"
          },
          {
            "name": "drawWindowCap",
            "docs": [
              "Most the insurance fund pays per rolling window (> 0)."
            ],
            "type": "u64"
          },
          {
            "name": "drawWindowSecs",
            "docs": [
              "Length of that window (1 s ..= 30 days); also the window of the per-event cap."
            ],
            "type": "i64"
          },
          {
            "name": "unstakeDelaySecs",
            "docs": [
              "Delay between an unstake request and its payout (0..=90 days)."
            ],
            "type": "i64"
          },
          {
            "name": "unstakeWindowSecs",
            "docs": [
              "How long an unlocked unstake request may be used (1 day ..= 30 days; time while unstaking",
              "is halted, Unstake paused or a loss pending, counts towards neither the delay nor the",
              "window); afterwards it lapses and a new request starts a new delay."
            ],
            "type": "i64"
          },
          {
            "name": "liquidationWindowSecs",
            "docs": [
              "How long a bankrupt position's liquidation may keep booking fills into one loss event",
              "(1 s ..= 1 hour). Until then only the clearing authority may resolve it (it knows when",
              "the liquidation is complete); afterwards anyone may."
            ],
            "type": "i64"
          },
          {
            "name": "maxShortfallBps",
            "docs": [
              "Bound on one liquidation's shortfall, in basis points of the collateral the position",
              "held when it went bankrupt (1 ..= 1,000,000, i.e. 100x); a fill beyond it is refused.",
              "It bounds what a clearing authority can book against a colluding wallet."
            ],
            "type": "u32"
          },
          {
            "name": "noticeSecs",
            "docs": [
              "How long a proposed change waits, in open time, before it may apply (`math::notice`):",
              "at least `MIN_NOTICE_SECS` (2 days) more than the unstake delay and the longest profit",
              "maturity, so every user can see a change and leave before it applies (`check_notice`)."
            ],
            "type": "i64"
          }
        ]
      }
    },
    {
      "name": "marketTotals",
      "docs": [
        "The market's aggregates after a change."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "totalPrincipal",
            "type": "u64"
          },
          {
            "name": "totalAtRiskProfit",
            "type": "u64"
          },
          {
            "name": "pendingShortfall",
            "docs": [
              "Loss of bankrupt positions not yet assigned (zero after every `resolve_shortfall`)."
            ],
            "type": "u64"
          },
          {
            "name": "dustPending",
            "type": "u64"
          }
        ]
      }
    },
    {
      "name": "maturingProfit",
      "docs": [
        "Profit gained in one grid slot, at risk until `matures_at`. Empty when `amount` is zero."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "amount",
            "type": "u64"
          },
          {
            "name": "maturesAt",
            "type": "i64"
          }
        ]
      }
    },
    {
      "name": "noticeRaised",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "market",
            "type": "pubkey"
          },
          {
            "name": "noticeSecs",
            "type": "i64"
          }
        ]
      }
    },
    {
      "name": "paramsChange",
      "docs": [
        "Each field left `None` keeps its value. An unstake request already made keeps the unlock",
        "time it was given."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "profitMaturitySecs",
            "type": {
              "option": "i64"
            }
          },
          {
            "name": "maxDrawPerEvent",
            "type": {
              "option": "u64"
            }
          },
          {
            "name": "drawWindowCap",
            "type": {
              "option": "u64"
            }
          },
          {
            "name": "drawWindowSecs",
            "type": {
              "option": "i64"
            }
          },
          {
            "name": "unstakeDelaySecs",
            "type": {
              "option": "i64"
            }
          },
          {
            "name": "unstakeWindowSecs",
            "type": {
              "option": "i64"
            }
          },
          {
            "name": "liquidationWindowSecs",
            "type": {
              "option": "i64"
            }
          },
          {
            "name": "maxShortfallBps",
            "type": {
              "option": "u32"
            }
          },
          {
            "name": "noticeSecs",
            "type": {
              "option": "i64"
            }
          }
        ]
      }
    },
    {
      "name": "paramsUpdated",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "market",
            "type": "pubkey"
          },
          {
            "name": "profitMaturitySecs",
            "type": "i64"
          },
          {
            "name": "maxDrawPerEvent",
            "type": "u64"
          },
          {
            "name": "drawWindowCap",
            "type": "u64"
          },
          {
            "name": "drawWindowSecs",
            "type": "i64"
          },
          {
            "name": "unstakeDelaySecs",
            "type": "i64"
          },
          {
            "name": "unstakeWindowSecs",
            "type": "i64"
          },
          {
            "name": "liquidationWindowSecs",
            "type": "i64"
          },
          {
            "name": "maxShortfallBps",
            "type": "u32"
          },
          {
            "name": "noticeSecs",
            "type": "i64"
          }
        ]
      }
    },
    {
      "name": "pauseSet",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "market",
            "type": "pubkey"
          },
          {
            "name": "by",
            "type": "pubkey"
          },
          {
            "name": "paused",
            "type": "u32"
          }
        ]
      }
    },
    {
      "name": "pendingChange",
      "docs": [
        "A change of the rules or of who holds power, proposed by the admin and public from the start.",
        "It applies only after the market's notice period of open exits (`math::notice`), and the",
        "admin may cancel it until then. Seeds: `[\"change\", market, seq]`."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "market",
            "type": "pubkey"
          },
          {
            "name": "seq",
            "docs": [
              "The market's `change_count` when it was proposed."
            ],
            "type": "u64"
          },
          {
            "name": "proposer",
            "docs": [
              "Paid its rent; gets it back when the change is applied or cancelled."
            ],
            "type": "pubkey"
          },
          {
            "name": "proposedAt",
            "type": "i64"
          },
          {
            "name": "noticeSecs",
            "docs": [
              "The notice it waits for (the market's when it was proposed, or longer, see",
              "`notice_for_proposal`); a longer notice set later also holds it. Its apply window counts",
              "from this one."
            ],
            "type": "i64"
          },
          {
            "name": "exitHaltedAtProposal",
            "docs": [
              "`Market::exit_halt`'s total when it was proposed."
            ],
            "type": "i64"
          },
          {
            "name": "change",
            "type": {
              "defined": {
                "name": "change"
              }
            }
          },
          {
            "name": "bump",
            "type": "u8"
          }
        ]
      }
    },
    {
      "name": "pnlApplied",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "market",
            "type": "pubkey"
          },
          {
            "name": "amount",
            "type": "u64"
          },
          {
            "name": "loserPaidFromProfit",
            "type": "u64"
          },
          {
            "name": "loserPaidFromPrincipal",
            "type": "u64"
          },
          {
            "name": "loserShortfall",
            "type": "u64"
          },
          {
            "name": "liquidationShortfall",
            "docs": [
              "While the loser's liquidation is in progress: its whole shortfall so far, the bound of",
              "its loss window (which every shortfall booked in that window counts against:",
              "`loss_window.shortfall`), and when its window ends (all zero otherwise)."
            ],
            "type": "u64"
          },
          {
            "name": "liquidationShortfallBound",
            "type": "u64"
          },
          {
            "name": "liquidationEndsAt",
            "type": "i64"
          },
          {
            "name": "lossWindow",
            "docs": [
              "The loser's loss window after the fill: the collateral it held when the window opened",
              "(the base of the bound) and the shortfall booked against it in the window."
            ],
            "type": {
              "defined": {
                "name": "lossWindow"
              }
            }
          },
          {
            "name": "winner",
            "type": {
              "defined": {
                "name": "positionBalances"
              }
            }
          },
          {
            "name": "loser",
            "type": {
              "defined": {
                "name": "positionBalances"
              }
            }
          },
          {
            "name": "totals",
            "type": {
              "defined": {
                "name": "marketTotals"
              }
            }
          }
        ]
      }
    },
    {
      "name": "positionBalances",
      "docs": [
        "A position's balances after a change, shared by the events that move them."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "position",
            "type": "pubkey"
          },
          {
            "name": "principal",
            "type": "u64"
          },
          {
            "name": "realizedPnl",
            "type": "i64"
          },
          {
            "name": "profitMaturesAt",
            "type": "i64"
          },
          {
            "name": "clawbackSnapshot",
            "type": {
              "defined": {
                "name": "lossIndex"
              }
            }
          },
          {
            "name": "haircutSnapshot",
            "type": {
              "defined": {
                "name": "lossIndex"
              }
            }
          }
        ]
      }
    },
    {
      "name": "positionOpened",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "market",
            "type": "pubkey"
          },
          {
            "name": "position",
            "type": "pubkey"
          },
          {
            "name": "owner",
            "type": "pubkey"
          }
        ]
      }
    },
    {
      "name": "positionSettled",
      "docs": [
        "A position's pending clawback and haircut were applied."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "market",
            "type": "pubkey"
          },
          {
            "name": "owner",
            "type": "pubkey"
          },
          {
            "name": "clawbackCharged",
            "type": "u64"
          },
          {
            "name": "haircutCharged",
            "type": "u64"
          },
          {
            "name": "dustReleased",
            "type": "u64"
          },
          {
            "name": "position",
            "type": {
              "defined": {
                "name": "positionBalances"
              }
            }
          },
          {
            "name": "totals",
            "type": {
              "defined": {
                "name": "marketTotals"
              }
            }
          }
        ]
      }
    },
    {
      "name": "positionStatus",
      "type": {
        "kind": "enum",
        "variants": [
          {
            "name": "active"
          },
          {
            "name": "bankrupt"
          }
        ]
      }
    },
    {
      "name": "profitReleased",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "market",
            "type": "pubkey"
          },
          {
            "name": "owner",
            "type": "pubkey"
          },
          {
            "name": "amount",
            "type": "u64"
          },
          {
            "name": "position",
            "type": {
              "defined": {
                "name": "positionBalances"
              }
            }
          },
          {
            "name": "totals",
            "type": {
              "defined": {
                "name": "marketTotals"
              }
            }
          }
        ]
      }
    },
    {
      "name": "proposeChangeArgs",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "change",
            "type": {
              "defined": {
                "name": "change"
              }
            }
          }
        ]
      }
    },
    {
      "name": "raiseNoticeArgs",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "noticeSecs",
            "type": "i64"
          }
        ]
      }
    },
    {
      "name": "requestUnstakeArgs",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "shares",
            "type": "u128"
          }
        ]
      }
    },
    {
      "name": "resolveShortfallArgs",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "recordBump",
            "docs": [
              "The bump of the record's address (`pda::shortfall_record_with_bump`): the program checks",
              "the one address instead of searching for it, so resolving costs the same every time."
            ],
            "type": "u8"
          }
        ]
      }
    },
    {
      "name": "setMarginArgs",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "lockedMargin",
            "docs": [
              "Principal that backs the position's open exposure on the exchange and cannot be",
              "withdrawn. May exceed the principal (then nothing can be withdrawn)."
            ],
            "type": "u64"
          }
        ]
      }
    },
    {
      "name": "setPauseArgs",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "paused",
            "docs": [
              "The new bitmask of `PauseOp` bits."
            ],
            "type": "u32"
          }
        ]
      }
    },
    {
      "name": "shortfallRecord",
      "docs": [
        "The public, permanent record of one loss event, written by `resolve_shortfall` when the loss",
        "is assigned. Seeds: `[\"shortfall\", position, position_seq]` (with the bump the resolver",
        "gave; every resolver using the SDK gives the canonical one)."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "market",
            "type": "pubkey"
          },
          {
            "name": "seq",
            "docs": [
              "Market-wide order of loss events."
            ],
            "type": "u64"
          },
          {
            "name": "position",
            "docs": [
              "The bankrupt position, its wallet, and which of its shortfalls this is."
            ],
            "type": "pubkey"
          },
          {
            "name": "owner",
            "type": "pubkey"
          },
          {
            "name": "positionSeq",
            "type": "u64"
          },
          {
            "name": "shortfall",
            "docs": [
              "The position's negative equity when it was closed out."
            ],
            "type": "u64"
          },
          {
            "name": "insurancePaid",
            "docs": [
              "Tier two: paid by the insurance fund."
            ],
            "type": "u64"
          },
          {
            "name": "clawback",
            "docs": [
              "Tier three: clawed back from at-risk profit."
            ],
            "type": "u64"
          },
          {
            "name": "haircut",
            "docs": [
              "Tier four: charged to all principal pro rata."
            ],
            "type": "u64"
          },
          {
            "name": "atRiskProfitBefore",
            "docs": [
              "The clawback weight (all at-risk profit) and all principal the loss was spread over:",
              "the holdings as they stood at the bankruptcy (nothing can change them in between)."
            ],
            "type": "u64"
          },
          {
            "name": "principalBefore",
            "type": "u64"
          },
          {
            "name": "clawbackIndexBefore",
            "type": {
              "defined": {
                "name": "lossIndex"
              }
            }
          },
          {
            "name": "clawbackIndexAfter",
            "type": {
              "defined": {
                "name": "lossIndex"
              }
            }
          },
          {
            "name": "haircutIndexBefore",
            "type": {
              "defined": {
                "name": "lossIndex"
              }
            }
          },
          {
            "name": "haircutIndexAfter",
            "type": {
              "defined": {
                "name": "lossIndex"
              }
            }
          },
          {
            "name": "resolver",
            "docs": [
              "Whoever sent `resolve_shortfall`."
            ],
            "type": "pubkey"
          },
          {
            "name": "resolvedAt",
            "type": "i64"
          },
          {
            "name": "recordRentFromReserve",
            "docs": [
              "This account's rent: from the market's rent reserve, and what the reserve lacked, from",
              "the resolver."
            ],
            "type": "u64"
          },
          {
            "name": "recordRentFromResolver",
            "type": "u64"
          },
          {
            "name": "bump",
            "type": "u8"
          }
        ]
      }
    },
    {
      "name": "shortfallResolved",
      "docs": [
        "A bankrupt position's loss assigned to the waterfall (`resolve_shortfall`): the whole",
        "split, the fund after its draw, and the indices before and after."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "market",
            "type": "pubkey"
          },
          {
            "name": "record",
            "type": "pubkey"
          },
          {
            "name": "seq",
            "type": "u64"
          },
          {
            "name": "position",
            "docs": [
              "The closed-out position."
            ],
            "type": {
              "defined": {
                "name": "positionBalances"
              }
            }
          },
          {
            "name": "owner",
            "type": "pubkey"
          },
          {
            "name": "positionSeq",
            "type": "u64"
          },
          {
            "name": "shortfall",
            "type": "u64"
          },
          {
            "name": "insurancePaid",
            "type": "u64"
          },
          {
            "name": "clawback",
            "type": "u64"
          },
          {
            "name": "haircut",
            "type": "u64"
          },
          {
            "name": "atRiskProfitBefore",
            "type": "u64"
          },
          {
            "name": "principalBefore",
            "type": "u64"
          },
          {
            "name": "clawbackIndexBefore",
            "type": {
              "defined": {
                "name": "lossIndex"
              }
            }
          },
          {
            "name": "clawbackIndex",
            "type": {
              "defined": {
                "name": "lossIndex"
              }
            }
          },
          {
            "name": "haircutIndexBefore",
            "type": {
              "defined": {
                "name": "lossIndex"
              }
            }
          },
          {
            "name": "haircutIndex",
            "type": {
              "defined": {
                "name": "lossIndex"
              }
            }
          },
          {
            "name": "fundBalance",
            "type": "u64"
          },
          {
            "name": "totalShares",
            "docs": [
              "Zero, with a new `share_epoch`, when the draw wiped the fund out and retired its shares."
            ],
            "type": "u128"
          },
          {
            "name": "shareEpoch",
            "type": "u32"
          },
          {
            "name": "drawAllowance",
            "type": "u64"
          },
          {
            "name": "eventCapDrawn",
            "docs": [
              "Insurance drawn for this position's liquidation in the current per-event cap window."
            ],
            "type": "u64"
          },
          {
            "name": "resolver",
            "type": "pubkey"
          },
          {
            "name": "recordRentFromReserve",
            "docs": [
              "The record's rent: from the market's rent reserve, and what the reserve lacked, from the",
              "resolver."
            ],
            "type": "u64"
          },
          {
            "name": "recordRentFromResolver",
            "type": "u64"
          },
          {
            "name": "totals",
            "type": {
              "defined": {
                "name": "marketTotals"
              }
            }
          }
        ]
      }
    },
    {
      "name": "staked",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "market",
            "type": "pubkey"
          },
          {
            "name": "staker",
            "type": "pubkey"
          },
          {
            "name": "amount",
            "type": "u64"
          },
          {
            "name": "sharesMinted",
            "type": "u128"
          },
          {
            "name": "stakeShares",
            "type": "u128"
          },
          {
            "name": "unstakeShares",
            "docs": [
              "Shares still locked in a pending unstake request (zero when a retired epoch's request",
              "was dropped)."
            ],
            "type": "u128"
          },
          {
            "name": "totalShares",
            "type": "u128"
          },
          {
            "name": "fundBalance",
            "type": "u64"
          }
        ]
      }
    },
    {
      "name": "unstakeCancelled",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "market",
            "type": "pubkey"
          },
          {
            "name": "staker",
            "type": "pubkey"
          },
          {
            "name": "shares",
            "type": "u128"
          }
        ]
      }
    },
    {
      "name": "unstakeRequested",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "market",
            "type": "pubkey"
          },
          {
            "name": "staker",
            "type": "pubkey"
          },
          {
            "name": "shares",
            "type": "u128"
          },
          {
            "name": "valueAtRequest",
            "type": "u64"
          },
          {
            "name": "unlockAt",
            "type": "i64"
          },
          {
            "name": "expiresAt",
            "docs": [
              "The request lapses unused at this time."
            ],
            "type": "i64"
          }
        ]
      }
    },
    {
      "name": "unstaked",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "market",
            "type": "pubkey"
          },
          {
            "name": "staker",
            "type": "pubkey"
          },
          {
            "name": "sharesBurned",
            "type": "u128"
          },
          {
            "name": "amountPaid",
            "type": "u64"
          },
          {
            "name": "stakeShares",
            "type": "u128"
          },
          {
            "name": "totalShares",
            "type": "u128"
          },
          {
            "name": "fundBalance",
            "type": "u64"
          }
        ]
      }
    },
    {
      "name": "userPosition",
      "docs": [
        "One wallet's position in one market. 378 bytes with the discriminator."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "market",
            "type": "pubkey"
          },
          {
            "name": "owner",
            "type": "pubkey"
          },
          {
            "name": "principal",
            "docs": [
              "Principal as of `haircut_snapshot`."
            ],
            "type": "u64"
          },
          {
            "name": "realizedPnl",
            "docs": [
              "Positive: at-risk profit as of `clawback_snapshot`. Negative: the shortfall of a bankrupt",
              "position (then principal is zero)."
            ],
            "type": "i64"
          },
          {
            "name": "clawbackSnapshot",
            "type": {
              "defined": {
                "name": "lossIndex"
              }
            }
          },
          {
            "name": "haircutSnapshot",
            "type": {
              "defined": {
                "name": "lossIndex"
              }
            }
          },
          {
            "name": "lifetimeClawbackPaid",
            "docs": [
              "Lifetime totals, for display. u128 so that they can never overflow and block settlement."
            ],
            "type": "u128"
          },
          {
            "name": "lifetimeHaircutPaid",
            "type": "u128"
          },
          {
            "name": "profitMaturesAt",
            "docs": [
              "When all at-risk profit held now will have matured (for display; 0 when none is",
              "maturing). What may be released is decided per gain by `maturing`."
            ],
            "type": "i64"
          },
          {
            "name": "maturing",
            "docs": [
              "At-risk profit still maturing, per grid slot of its gain (`math::maturity`)."
            ],
            "type": {
              "array": [
                {
                  "defined": {
                    "name": "maturingProfit"
                  }
                },
                9
              ]
            }
          },
          {
            "name": "shortfallCount",
            "docs": [
              "Shortfalls resolved so far; the next one's record is `[\"shortfall\", position, this]`."
            ],
            "type": "u64"
          },
          {
            "name": "eventCap",
            "type": {
              "defined": {
                "name": "eventCapWindow"
              }
            }
          },
          {
            "name": "lossWindow",
            "type": {
              "defined": {
                "name": "lossWindow"
              }
            }
          },
          {
            "name": "lockedMargin",
            "docs": [
              "Principal locked by the clearing authority behind open exposure on the exchange",
              "(`set_margin`): `withdraw` leaves at least this much."
            ],
            "type": "u64"
          },
          {
            "name": "status",
            "type": {
              "defined": {
                "name": "positionStatus"
              }
            }
          },
          {
            "name": "bump",
            "type": "u8"
          }
        ]
      }
    },
    {
      "name": "withdrawArgs",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "amount",
            "type": "u64"
          }
        ]
      }
    },
    {
      "name": "withdrawn",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "market",
            "type": "pubkey"
          },
          {
            "name": "owner",
            "type": "pubkey"
          },
          {
            "name": "amount",
            "type": "u64"
          },
          {
            "name": "position",
            "type": {
              "defined": {
                "name": "positionBalances"
              }
            }
          },
          {
            "name": "totals",
            "type": {
              "defined": {
                "name": "marketTotals"
              }
            }
          }
        ]
      }
    }
  ],
  "constants": [
    {
      "name": "bpsOne",
      "docs": [
        "Basis points: 10,000 is 100%."
      ],
      "type": "u64",
      "value": "10000"
    },
    {
      "name": "changeApplyWindowSecs",
      "docs": [
        "A change not applied within this long after its notice ends lapses: a stale proposal cannot",
        "be applied months later, when nobody expects it any more."
      ],
      "type": "i64",
      "value": "604800"
    },
    {
      "name": "changeSeed",
      "type": "bytes",
      "value": "[99, 104, 97, 110, 103, 101]"
    },
    {
      "name": "collateralVaultSeed",
      "type": "bytes",
      "value": "[99, 111, 108, 108, 97, 116, 101, 114, 97, 108, 95, 118, 97, 117, 108, 116]"
    },
    {
      "name": "exitsOpenBeforeChangeSecs",
      "docs": [
        "A change applies only after this much open time since exits last reopened after a pause (or",
        "a halt longer than a liquidation may last, `Market::update_halts`): a pause lifted for",
        "minutes at a time cannot add up to a notice period nobody who looks once a day could use."
      ],
      "type": "i64",
      "value": "86400"
    },
    {
      "name": "exitPauses",
      "docs": [
        "The pauses that keep users from leaving: withdraw, settle (a due settlement blocks a",
        "withdrawal), release profit, unstake, and trading (`set_margin` pauses with `apply_pnl`, and",
        "only it unlocks margin). While any is set, or a loss is pending, no proposed change's notice",
        "runs (`math::notice`). (A resolve pause blocks nobody while nothing is pending, and a pending",
        "loss halts exits by itself.)"
      ],
      "type": "u32",
      "value": "620"
    },
    {
      "name": "indexMaxScaleGap",
      "docs": [
        "Snapshots more than this many rescales behind the current index have nothing left:",
        "`u64::MAX * 10^36 / (10^27 * 10^36)` is below one base unit."
      ],
      "type": "u32",
      "value": "3"
    },
    {
      "name": "indexOne",
      "docs": [
        "The value of a loss index factor that means \"nothing lost yet\": 10^36.",
        "",
        "A factor `f` says which part of an amount recorded at an earlier factor `f0` survives:",
        "`amount * f / f0`. 36 decimals keep the relative error of one loss event below 10^-27",
        "even after the factor has been rescaled (see below)."
      ],
      "type": "u128",
      "value": "1000000000000000000000000000000000000"
    },
    {
      "name": "indexRescaleFactor",
      "docs": [
        "Multiplier applied at each rescale: 10^9."
      ],
      "type": "u128",
      "value": "1000000000"
    },
    {
      "name": "indexRescaleThreshold",
      "docs": [
        "When a factor falls below this (10^27), it is multiplied by [`INDEX_RESCALE_FACTOR`] and",
        "the index's `scale` goes up by one, so the factor never loses precision."
      ],
      "type": "u128",
      "value": "1000000000000000000000000000"
    },
    {
      "name": "insuranceFundSeed",
      "type": "bytes",
      "value": "[105, 110, 115, 117, 114, 97, 110, 99, 101, 95, 102, 117, 110, 100]"
    },
    {
      "name": "insuranceMaxSharesPerUnit",
      "docs": [
        "When a drawdown empties the insurance fund, or leaves its shares worth less than one base",
        "unit per 10^12 shares (a millionth of their initial value of one unit per 10^6), the shares",
        "are retired and a new share epoch starts. Without it, stakes into a nearly empty fund would mint shares",
        "without bound and overflow `u128` after a few wipe-outs (found by the simulation)."
      ],
      "type": "u128",
      "value": "1000000000000"
    },
    {
      "name": "insuranceVaultSeed",
      "type": "bytes",
      "value": "[105, 110, 115, 117, 114, 97, 110, 99, 101, 95, 118, 97, 117, 108, 116]"
    },
    {
      "name": "insuranceVirtualAssets",
      "type": "u128",
      "value": "1"
    },
    {
      "name": "insuranceVirtualShares",
      "docs": [
        "Virtual shares and assets of the insurance fund (the \"decimals offset\" defence):",
        "a first staker who donates to the fund cannot make later stakes round to zero shares",
        "without giving most of the donation away."
      ],
      "type": "u128",
      "value": "1000000"
    },
    {
      "name": "marketSeed",
      "type": "bytes",
      "value": "[109, 97, 114, 107, 101, 116]"
    },
    {
      "name": "maturitySlots",
      "docs": [
        "Grid slots per maturity period: a gain matures less than `M / MATURITY_SLOTS` after `M`."
      ],
      "type": "i64",
      "value": "8"
    },
    {
      "name": "maxDrawWindowSecs",
      "type": "i64",
      "value": "2592000"
    },
    {
      "name": "maxLiquidationWindowSecs",
      "docs": [
        "Longest time a bankrupt position's liquidation may keep booking fills before anyone may",
        "resolve its loss (`MarketParams::liquidation_window_secs`, at least 1 s)."
      ],
      "type": "i64",
      "value": "3600"
    },
    {
      "name": "maxNoticeSecs",
      "type": "i64",
      "value": "31536000"
    },
    {
      "name": "maxProfitMaturitySecs",
      "docs": [
        "Upper bounds on time parameters, so a typo cannot lock funds for years."
      ],
      "type": "i64",
      "value": "2592000"
    },
    {
      "name": "maxShortfallBps",
      "docs": [
        "Most a liquidation's shortfall may be bounded at, against the collateral behind it (100x)."
      ],
      "type": "u32",
      "value": "1000000"
    },
    {
      "name": "maxUnstakeDelaySecs",
      "type": "i64",
      "value": "7776000"
    },
    {
      "name": "maxUnstakeWindowSecs",
      "type": "i64",
      "value": "2592000"
    },
    {
      "name": "minNoticeSecs",
      "docs": [
        "Governance notice (`math::notice`). A change of the rules or of who holds power is proposed,",
        "visible on chain, and applies only after the market's notice period of open exits.",
        "",
        "The floor on the notice is two days on top of the longest exit a user may need (the unstake",
        "delay, or the time a gain takes to mature, whichever is longer): a user who looks once a day",
        "sees a change within a day of its proposal, starts to leave (an unstake request, or simply no",
        "new trades so that every gain matures), and still has a full day to withdraw or unstake",
        "before the change can apply (`MarketParams::notice_secs`, `check_notice`)."
      ],
      "type": "i64",
      "value": "172800"
    },
    {
      "name": "minUnstakeWindowSecs",
      "docs": [
        "Bounds of the unstake window: how long an unlocked unstake request may be used (at least a",
        "day). Time while unstaking is halted (Unstake paused, or a loss pending) does not count,",
        "`Market::unstake_halt`."
      ],
      "type": "i64",
      "value": "86400"
    },
    {
      "name": "pauseAll",
      "docs": [
        "Every pause bit."
      ],
      "type": "u32",
      "value": "2047"
    },
    {
      "name": "pauseApplyPnl",
      "type": "u32",
      "value": "8"
    },
    {
      "name": "pauseDeposit",
      "type": "u32",
      "value": "2"
    },
    {
      "name": "pauseFundInsurance",
      "type": "u32",
      "value": "128"
    },
    {
      "name": "pauseOpenPosition",
      "type": "u32",
      "value": "1"
    },
    {
      "name": "pauseReleaseProfit",
      "type": "u32",
      "value": "64"
    },
    {
      "name": "pauseResolve",
      "type": "u32",
      "value": "16"
    },
    {
      "name": "pauseSettle",
      "type": "u32",
      "value": "32"
    },
    {
      "name": "pauseStake",
      "type": "u32",
      "value": "256"
    },
    {
      "name": "pauseSweepDust",
      "type": "u32",
      "value": "1024"
    },
    {
      "name": "pauseUnstake",
      "type": "u32",
      "value": "512"
    },
    {
      "name": "pauseWithdraw",
      "type": "u32",
      "value": "4"
    },
    {
      "name": "positionSeed",
      "type": "bytes",
      "value": "[112, 111, 115, 105, 116, 105, 111, 110]"
    },
    {
      "name": "shortfallSeed",
      "type": "bytes",
      "value": "[115, 104, 111, 114, 116, 102, 97, 108, 108]"
    },
    {
      "name": "stakeSeed",
      "type": "bytes",
      "value": "[115, 116, 97, 107, 101]"
    }
  ]
};
